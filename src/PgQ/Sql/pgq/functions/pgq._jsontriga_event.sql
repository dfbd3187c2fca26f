-- pgq._jsontriga_event(relid, op, schema_name, table_name, pkey_arg, ignore_arg, backup, new_rec, old_rec)
--   -> (queued, ev_type, ev_data, ev_extra1..4): the event pgq.jsontriga queues for one row change in an
-- AFTER ROW trigger without SKIP, deny, when= or ev_*= arguments, by the same code (pgq._json_fields)
-- and rules, magic _pgq_ev_* columns included. The generic path of the functions
-- pgq.capture_jsontriga_function makes, taken when the table changed since they were made.
--   op        TG_OP: INSERT, UPDATE or DELETE;
--   pkey_arg, ignore_arg  the raw `pkey=` / `ignore=` lists, NULL when not given;
--   new_rec, old_rec      NEW and NEW (INSERT), NEW and OLD (UPDATE), OLD and OLD (DELETE).
-- queued is false when an UPDATE changed only ignored columns: no event then.
create or replace function pgq._jsontriga_event(relid oid, op text, schema_name text, table_name text, pkey_arg text,
                                               ignore_arg text, backup boolean, new_rec anyelement, old_rec anyelement,
                                               out queued boolean, out ev_type text, out ev_data text, out ev_extra1 text,
                                               out ev_extra2 text, out ev_extra3 text, out ev_extra4 text)
language plpgsql
set search_path = pg_catalog
as $$
declare
    fields record;
begin
    fields := pgq._json_fields(relid, op, schema_name, table_name, pkey_arg, string_to_array(pkey_arg, ','), ignore_arg,
                               new_rec::text, case when op = 'UPDATE' then old_rec::text end, new_rec, old_rec,
                               false, backup and op = 'UPDATE');
    if op in ('UPDATE', 'DELETE') and (pkey_arg = '' or pkey_arg is null and not fields.has_key) then
        raise exception 'Update/Delete on table without pkey';
    end if;
    if op = 'UPDATE' and ignore_arg is not null and not fields.changed and fields.ignored_changed then
        queued := false;
        return;
    end if;
    queued := true;
    ev_type := fields.ev_type;
    ev_data := fields.data;
    ev_extra1 := schema_name || '.' || table_name;
    if op = 'UPDATE' then
        if backup then
            ev_extra2 := fields.old_data;
        elsif fields.pkey_changed then
            ev_extra2 := fields.old_pkey;
        end if;
    end if;
    if fields.magic is not null then
        select m.ev_type, m.ev_data, m.ev_extra1, m.ev_extra2, m.ev_extra3, m.ev_extra4
          into ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4
          from pgq._event_magic_fields(fields.magic, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4) as m;
    end if;
end;
$$;
