-- Producer API: inserts an event in the caller's transaction; it becomes visible to consumers in
-- the first batch whose end tick was taken after that transaction committed. Runs as the queue
-- owner, so writers need no grant on the event tables.
create or replace function pgq.insert_event(queue_name text, ev_type text, ev_data text,
                                            ev_extra1 text, ev_extra2 text, ev_extra3 text, ev_extra4 text)
returns bigint
language plpgsql security definer
set search_path = pg_catalog
as $$
begin
    -- PL/pgSQL, not SQL: a security-definer SQL function is never inlined and would be parsed
    -- and planned again on every call; PL/pgSQL keeps the plan of this call for the session.
    return pgq.insert_event_raw(queue_name, null, now(), null, null, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4);
end;
$$;

create or replace function pgq.insert_event(queue_name text, ev_type text, ev_data text)
returns bigint
language plpgsql
as $$
begin
    return pgq.insert_event(queue_name, ev_type, ev_data, null, null, null, null);
end;
$$;
