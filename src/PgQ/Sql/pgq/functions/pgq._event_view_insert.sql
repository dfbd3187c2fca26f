-- INSTEAD OF INSERT trigger on pgq.event_<id>_current while its queue refuses inserts
-- (queue_disable_insert) or limits them per transaction (queue_per_tx_limit): the event goes
-- through pgq.insert_event_raw, which applies those rules as for every other producer (see
-- pgq._refresh_event_view). TG_ARGV[0] is the queue's name. A security definer like
-- pgq.insert_event, because pgq.insert_event_raw is not open to everybody.
create or replace function pgq._event_view_insert()
returns trigger
language plpgsql security definer
set search_path = pg_catalog
as $$
begin
    perform pgq.insert_event_raw(TG_ARGV[0], NEW.ev_id, NEW.ev_time, NEW.ev_owner, NEW.ev_retry, NEW.ev_type,
                                 NEW.ev_data, NEW.ev_extra1, NEW.ev_extra2, NEW.ev_extra3, NEW.ev_extra4);
    return NEW;
end;
$$;
