-- Event tables are only ever emptied by TRUNCATE at rotation, so autovacuum has nothing to do
-- there and fillfactor 100 packs rows densely.
create or replace function pgq.tune_storage(i_queue_name text)
returns integer
language plpgsql strict
as $$
declare
    q record;
    i integer;
begin
    select queue_id, queue_ntables into q from pgq.queue where queue_name = i_queue_name;
    if not found then
        raise exception 'No such event queue: %', i_queue_name;
    end if;
    for i in 0 .. q.queue_ntables - 1 loop
        execute format('alter table pgq.%I set (fillfactor = 100, autovacuum_enabled = off, toast.autovacuum_enabled = off)',
                       'event_' || q.queue_id || '_' || i);
    end loop;
    return 1;
end;
$$;
