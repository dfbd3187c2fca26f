-- Small, hot metadata tables that need vacuuming when autovacuum is off. Event tables are not
-- listed: they are emptied by TRUNCATE at rotation.
create or replace function pgq.maint_tables_to_vacuum()
returns setof text
language plpgsql
as $$
declare
    candidate text;
begin
    if current_setting('autovacuum') = 'on' then
        return;
    end if;
    foreach candidate in array array[
        'pgq.subscription', 'pgq.consumer', 'pgq.queue', 'pgq.tick', 'pgq.retry_queue',
        'pgq_ext.completed_tick', 'pgq_ext.completed_batch', 'pgq_ext.completed_event', 'pgq_ext.partial_batch',
        'pgq_node.local_state', 'londiste.seq_info', 'londiste.completed']
    loop
        if to_regclass(candidate) is not null then
            return next candidate;
        end if;
    end loop;
    return;
end;
$$;
