-- AFTER UPDATE trigger on pgq.queue (created by the installer, refresh.sql): when a queue's current
-- table, insert refusal or per-transaction limit changes, however it is changed (the rotation,
-- set_queue_config, pgq_node making a branch or promoting it, an administrator's UPDATE), the
-- queue's view follows in the same transaction (see pgq._refresh_event_view). The lock wait is the
-- session's lock_timeout: the rotation and set_queue_config set a short one around their UPDATE.
-- A security definer, owned by the installer like the view, so that whoever may update pgq.queue
-- (pgq_node's functions may be owned by another role) keeps the view right.
create or replace function pgq._queue_event_view_sync()
returns trigger
language plpgsql security definer
set search_path = pg_catalog
as $$
begin
    perform pgq._refresh_event_view(NEW.queue_id);
    return null;
end;
$$;
