-- pgq._sqltriga_event(relid, op, schema_name, table_name, pkey_arg, ignore_arg, backup, new_rec, old_rec)
--   -> (queued, ev_type, ev_data, ev_extra1..4): the event pgq.sqltriga queues for one row change in an
-- AFTER ROW trigger without SKIP, deny, when= or ev_*= arguments, by the same code (pgq._sql_fields)
-- and rules, magic _pgq_ev_* columns included. The generic path of the functions
-- pgq.capture_sqltriga_function makes, taken when the table changed since they were made.
-- Arguments and queued as for pgq._jsontriga_event.
create or replace function pgq._sqltriga_event(relid oid, op text, schema_name text, table_name text, pkey_arg text,
                                              ignore_arg text, backup boolean, new_rec anyelement, old_rec anyelement,
                                              out queued boolean, out ev_type text, out ev_data text, out ev_extra1 text,
                                              out ev_extra2 text, out ev_extra3 text, out ev_extra4 text)
language plpgsql
set search_path = pg_catalog
as $$
declare
    fields record;
begin
    fields := pgq._sql_fields(relid, op, pkey_arg, ignore_arg, new_rec::text, case when op = 'UPDATE' then old_rec::text end,
                              false, backup and op = 'UPDATE');
    if op in ('UPDATE', 'DELETE') and (pkey_arg = '' or pkey_arg is null and not fields.has_key) then
        raise exception 'Update/Delete on table without pkey';
    end if;
    if fields.null_key then
        raise exception 'logtriga: Unexpected NULL key value';
    end if;
    if fields.only_ignored then
        queued := false;
        return;
    end if;
    queued := true;
    ev_type := substr(op, 1, 1);
    ev_data := fields.data;
    ev_extra1 := schema_name || '.' || table_name;
    if op = 'UPDATE' and backup then
        ev_extra2 := coalesce(fields.backup, '');
    end if;
    if fields.magic is not null then
        select m.ev_type, m.ev_data, m.ev_extra1, m.ev_extra2, m.ev_extra3, m.ev_extra4
          into ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4
          from pgq._event_magic_fields(fields.magic, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4) as m;
    end if;
end;
$$;
