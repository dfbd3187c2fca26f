-- Moves due retry events back into their queue, each with a new txid (this transaction), so it
-- reappears in a later batch for its owner only. Returns how many were moved; pgqd calls it
-- again while it returns non-zero, so a big backlog moves in bounded transactions.
create or replace function pgq.maint_retry_events()
returns integer
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    ev record;
    moved integer := 0;
begin
    lock table pgq.retry_queue in share update exclusive mode;
    for ev in
        select r.*, q.queue_name
        from pgq.retry_queue r join pgq.queue q on q.queue_id = r.ev_queue
        where r.ev_retry_after <= current_timestamp
        order by r.ev_retry_after
        limit 1000
    loop
        perform pgq.insert_event_raw(ev.queue_name, ev.ev_id, ev.ev_time, ev.ev_owner, ev.ev_retry,
                                     ev.ev_type, ev.ev_data, ev.ev_extra1, ev.ev_extra2, ev.ev_extra3, ev.ev_extra4);
        delete from pgq.retry_queue where ev_owner = ev.ev_owner and ev_id = ev.ev_id;
        moved := moved + 1;
    end loop;
    return moved;
end;
$$;
