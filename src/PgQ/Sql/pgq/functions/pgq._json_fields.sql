-- pgq._json_fields(relid, op, schema_name, table_name, pkey_list, pkey_shown, ignore_list, new_row, old_row,
--                  new_rec, old_rec, stale_generated, want_old): everything pgq.jsontriga needs about one row change,
-- in one statement (a second one only for an UPDATE that changes the key):
--   ev_type   {"op":OP,"table":[schema,table],"pkey":[keys]}: keys are pkey_shown when given (the `pkey=`
--             argument split at ','), else the primary key's columns in key order;
--   data      new_row as a JSON object of its non-ignored columns in attnum order ('{}' for TRUNCATE);
--   old_data  the same for old_row (the `backup` image), only when want_old;
--   old_pkey  old_row's key columns as a JSON object, only when pkey_changed (our primary-key UPDATE extension);
--   has_key   whether the table has key columns (pkey_list or a primary key);
--   changed / ignored_changed / pkey_changed  as in pgq._row_fields (text output compared);
--   magic     {{name,value},...} of the row's _pgq_ev_* columns, NULL when it has none.
-- Rows come in twice: as row::text and as the record itself (new_rec, old_rec: NEW and OLD, or the one row twice
-- on INSERT/DELETE, where no old value is used), whose to_json() gives date/time values (see pgq._json_value);
-- to_json(row) sits inside pgq._json_value's date/time branch, so it is only computed for such columns.
-- anyelement: PL/pgSQL compiles one instance of this function per row type, i.e. per table.
-- Values are written by pgq._json_value. Column names go through to_json, as the C trigger escapes them.
create or replace function pgq._json_fields(relid oid, op text, schema_name text, table_name text,
                                           pkey_list text, pkey_shown text[], ignore_list text,
                                           new_row text, old_row text, new_rec anyelement, old_rec anyelement,
                                           stale_generated boolean, want_old boolean,
                                           out ev_type text, out data text, out old_data text, out old_pkey text,
                                           out has_key boolean, out changed boolean, out ignored_changed boolean,
                                           out pkey_changed boolean, out magic text[])
language plpgsql stable
-- one generic plan for every table (see pgq._row_fields)
set plan_cache_mode = force_generic_plan
as $$
begin
    -- Two statements, one per kind of change, each computing only what that change needs: every aggregate
    -- costs, and an unreferenced output of pgq._row_cells (e.g. the old values) is not computed at all.
    if op = 'UPDATE' then
        select '{"op":"UPDATE","table":[' || pg_catalog.to_json(schema_name)::text || ','
                   || pg_catalog.to_json(table_name)::text || '],"pkey":['
                   || coalesce((select pg_catalog.string_agg(pg_catalog.to_json(k.k)::text, ',')
                                  from pg_catalog.unnest(coalesce(pkey_shown, min(c.key_names))) as k(k)), '')
                   || ']}',
               '{' || coalesce(pg_catalog.string_agg(pg_catalog.to_json(c.name)::text || ':'
                                                         || pgq._json_value(c.typ, c.nv, case when c.nv_from_old then pg_catalog.to_json(old_rec)
                                                                                              else pg_catalog.to_json(new_rec) end, c.name), ',')
                                   filter (where not c.ign), '') || '}',
               case when want_old then
                   '{' || coalesce(pg_catalog.string_agg(pg_catalog.to_json(c.name)::text || ':'
                                                             || pgq._json_value(c.typ, c.ov, pg_catalog.to_json(old_rec), c.name), ',')
                                       filter (where want_old and not c.ign), '') || '}' end,
               coalesce(pg_catalog.cardinality(min(c.key_names)), 0) > 0,
               coalesce(pg_catalog.bool_or(c.nv is distinct from c.ov) filter (where not c.ign), false),
               coalesce(pg_catalog.bool_or(c.nv is distinct from c.ov) filter (where c.ign), false),
               coalesce(pg_catalog.bool_or(c.nv is distinct from c.ov) filter (where c.pk), false),
               pg_catalog.array_agg(array[c.name, c.nv]) filter (where c.magic)
          into ev_type, data, old_data, has_key, changed, ignored_changed, pkey_changed, magic
          from pgq._row_cells(relid, pkey_list, ignore_list, new_row, old_row, stale_generated) as c;
        if pkey_changed then
            -- rare: a second statement only then
            select '{' || pg_catalog.string_agg(pg_catalog.to_json(c.name)::text || ':'
                                                    || pgq._json_value(c.typ, c.ov, pg_catalog.to_json(old_rec), c.name), ',') || '}'
              into old_pkey
              from pgq._row_cells(relid, pkey_list, ignore_list, new_row, old_row, stale_generated) as c
             where c.pk;
        end if;
    else
        select '{"op":"' || op || '","table":[' || pg_catalog.to_json(schema_name)::text || ','
                   || pg_catalog.to_json(table_name)::text || '],"pkey":['
                   || coalesce((select pg_catalog.string_agg(pg_catalog.to_json(k.k)::text, ',')
                                  from pg_catalog.unnest(coalesce(pkey_shown, min(c.key_names))) as k(k)), '')
                   || ']}',
               case when op = 'TRUNCATE' then '{}'
                    else '{' || coalesce(pg_catalog.string_agg(pg_catalog.to_json(c.name)::text || ':'
                                                                   || pgq._json_value(c.typ, c.nv, pg_catalog.to_json(new_rec), c.name), ',')
                                             filter (where not c.ign), '') || '}' end,
               coalesce(pg_catalog.cardinality(min(c.key_names)), 0) > 0,
               pg_catalog.array_agg(array[c.name, c.nv]) filter (where c.magic)
          into ev_type, data, has_key, magic
          from pgq._row_cells(relid, pkey_list, ignore_list, new_row, null, false) as c;
        changed := false;
        ignored_changed := false;
        pkey_changed := false;
    end if;
end;
$$;
