-- Producer API: inserts an event in the caller's transaction; it becomes visible to consumers in
-- the first batch whose end tick was taken after that transaction committed. Runs as the queue
-- owner, so writers need no grant on the event tables.
create or replace function pgq.insert_event(queue_name text, ev_type text, ev_data text,
                                            ev_extra1 text, ev_extra2 text, ev_extra3 text, ev_extra4 text)
returns bigint
language sql security definer
set search_path = pg_catalog
as $$
    select pgq.insert_event_raw(queue_name, null, now(), null, null, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4)
$$;

create or replace function pgq.insert_event(queue_name text, ev_type text, ev_data text)
returns bigint
language sql
as $$ select pgq.insert_event(queue_name, ev_type, ev_data, null, null, null, null) $$;
