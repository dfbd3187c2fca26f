-- pgq._logutriga_event(relid, op, pkey_list, ignore_list, backup, row_text, old_text, stale_generated)
--   -> (ev_type, ev_data, ev_extra2): the urlencoded event of one row change, as pgq.logutriga queues
-- it (see there for the format). Shared by pgq.logutriga and by the generic path of the functions
-- pgq.capture_trigger_function makes, so the format has one definition in PL/pgSQL.
--   op        TG_OP: INSERT, UPDATE or DELETE;
--   row_text  the event's row as row::text (NEW, or OLD for a DELETE);
--   old_text  OLD::text for an UPDATE, else NULL;
--   stale_generated  see pgq._row_fields (a BEFORE UPDATE trigger).
-- ev_type is NULL when an UPDATE changed only ignored columns: no event then.
create or replace function pgq._logutriga_event(relid oid, op text, pkey_list text[], ignore_list text[], backup boolean,
                                               row_text text, old_text text, stale_generated boolean,
                                               out ev_type text, out ev_data text, out ev_extra2 text)
language plpgsql
set search_path = pg_catalog
as $$
declare
    fields record;
begin
    fields := pgq._row_fields(relid, pkey_list, ignore_list, row_text, old_text, stale_generated);
    -- Only ignored columns changed: nothing a subscriber needs to see.
    if op = 'UPDATE' and not fields.changed and fields.ignored_changed then
        return;
    end if;
    if op <> 'INSERT' and fields.pkeys = '' then
        raise exception 'Update/Delete on table without pkey';
    end if;
    ev_type := substr(op, 1, 1) || ':' || fields.pkeys;
    ev_data := coalesce(fields.data, '');
    if backup and op = 'UPDATE' then
        ev_extra2 := coalesce(fields.old_data, '');
    elsif op = 'UPDATE' and fields.pkey_changed then
        ev_extra2 := fields.old_pkey;
    end if;
end;
$$;
