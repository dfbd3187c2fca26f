-- Puts one event of the active batch into the retry queue for this consumer only; it comes back
-- (with ev_retry increased) in a later batch once maint_retry_events finds it due.
-- Returns 1, or 0 when the event is already waiting in the retry queue.
create or replace function pgq.event_retry(x_batch_id bigint, x_event_id bigint, x_retry_time timestamptz)
returns integer
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    sub record;
    ev record;
begin
    select sub_queue, sub_id into sub from pgq.subscription where sub_batch = x_batch_id;
    if not found then
        raise exception 'batch not found';
    end if;
    -- The ev_id condition is pushed into every branch of the batch query, so one event is picked
    -- while scanning, instead of materialising and sorting the whole batch for each retried event.
    execute 'select * from (' || pgq.batch_event_sql(x_batch_id) || ') e where e.ev_id = $1'
        into ev using x_event_id;
    if ev.ev_id is null then
        raise exception 'event not found';
    end if;
    insert into pgq.retry_queue (ev_retry_after, ev_queue, ev_id, ev_time, ev_txid, ev_owner, ev_retry,
                                 ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4)
    values (x_retry_time, sub.sub_queue, ev.ev_id, ev.ev_time, null, sub.sub_id, coalesce(ev.ev_retry, 0) + 1,
            ev.ev_type, ev.ev_data, ev.ev_extra1, ev.ev_extra2, ev.ev_extra3, ev.ev_extra4);
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
