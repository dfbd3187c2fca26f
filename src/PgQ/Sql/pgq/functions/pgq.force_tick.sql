-- Makes the next ticker run tick this queue at once by moving the event sequence past
-- ticker_max_count. Returns the current last tick id; callers poll until it changes.
create or replace function pgq.force_tick(i_queue_name text)
returns bigint
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    q record;
    last_id bigint;
begin
    select queue_id, queue_event_seq, queue_external_ticker, queue_ticker_paused, queue_ticker_max_count into q
    from pgq.queue where queue_name = i_queue_name;
    if not found then
        raise exception 'no such queue';
    end if;
    select max(tick_id) into last_id from pgq.tick where tick_queue = q.queue_id;
    if not q.queue_external_ticker and not q.queue_ticker_paused then
        perform setval(pgq.quote_fqname(q.queue_event_seq),
                       pgq.seq_getval(q.queue_event_seq) + q.queue_ticker_max_count * 2 + 1000);
    end if;
    return last_id;
end;
$$;
