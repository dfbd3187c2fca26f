-- Puts one event of the active batch into the retry queue for this consumer only; it comes back
-- (with ev_retry increased) in a later batch once maint_retry_events finds it due.
-- Returns 1, or 0 when the event is already waiting in the retry queue.
create or replace function pgq.event_retry(x_batch_id bigint, x_event_id bigint, x_retry_time timestamptz)
returns integer
language plpgsql security definer
set search_path = pg_catalog
as $$
begin
    insert into pgq.retry_queue (ev_retry_after, ev_queue, ev_id, ev_time, ev_txid, ev_owner, ev_retry,
                                 ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4)
    select x_retry_time, s.sub_queue, e.ev_id, e.ev_time, null, s.sub_id, coalesce(e.ev_retry, 0) + 1,
           e.ev_type, e.ev_data, e.ev_extra1, e.ev_extra2, e.ev_extra3, e.ev_extra4
    from pgq.get_batch_events(x_batch_id) e, pgq.subscription s
    where s.sub_batch = x_batch_id and e.ev_id = x_event_id;
    if not found then
        raise exception 'event not found';
    end if;
    return 1;
exception
    when unique_violation then
        return 0;
end;
$$;

create or replace function pgq.event_retry(x_batch_id bigint, x_event_id bigint, x_retry_seconds integer)
returns integer
language sql security definer
set search_path = pg_catalog
as $$
    select pgq.event_retry(x_batch_id, x_event_id, now() + x_retry_seconds * interval '1 second')
$$;
