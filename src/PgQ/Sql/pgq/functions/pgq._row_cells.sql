-- pgq._row_cells(relid, pkey_list, ignore_list, new_row, old_row, stale_generated): one row per column of
-- table relid (attnum order, dropped columns left out), for the jsontriga and sqltriga formatters:
--   name, typ (atttypid), nv / ov (the column's text output in new_row / old_row, NULL for SQL NULL),
--   ign (named in ignore_list), pk (a key column: in pkey_list when given, else in the primary key),
--   key_names (pkey_list split at ',', or the primary key's columns in key order; the same on every row),
--   nv_from_old (nv was taken from old_row, see stale_generated),
--   magic (a column named _pgq_ev_*: as in the original, never data nor key, its value fills an event field).
-- pkey_list and ignore_list are the trigger arguments' raw lists, matched by pgq._strlist_contains.
-- Rows come in as their composite text output (`row::text`), split as pgq._row_fields does (see there);
-- with stale_generated (a BEFORE UPDATE trigger) stored generated columns take old_row's value, which
-- is what the C triggers see at that point.
-- A single-SELECT SQL function, not STRICT and not volatile, so the planner inlines it into the caller's
-- FROM: no function call per row. The pg_attribute scan is in attnum order (its index), so the
-- aggregates need no sort.
create or replace function pgq._row_cells(relid oid, pkey_list text, ignore_list text, new_row text, old_row text,
                                         stale_generated boolean)
returns table (name text, typ oid, nv text, ov text, ign boolean, pk boolean, key_names text[], nv_from_old boolean,
              magic boolean)
language sql stable
as $$
    select s.names[g.i],
           s.types[g.i],
           case when stale_generated and s.generated[g.i] then s.old_vals[g.i] else s.new_vals[g.i] end,
           s.old_vals[g.i],
           s.names[g.i] like '\_pgq\_ev\_%' or coalesce(pgq._strlist_contains(ignore_list, s.names[g.i]), false),
           s.names[g.i] not like '\_pgq\_ev\_%'
               and case when pkey_list is null then coalesce(s.names[g.i] operator(pg_catalog.=) any(s.key_names), false)
                        else pgq._strlist_contains(pkey_list, s.names[g.i]) end,
           s.key_names,
           coalesce(stale_generated and s.generated[g.i], false),
           s.names[g.i] like '\_pgq\_ev\_%'
      from (select a.names, a.types, a.generated,
                   coalesce(pg_catalog.string_to_array(pkey_list, ','),
                            (select pg_catalog.array_agg((select k.attname::text
                                                            from pg_catalog.pg_attribute k
                                                           where k.attrelid = relid and k.attnum = u.attnum))
                               from pg_catalog.pg_constraint c
                              cross join pg_catalog.unnest(c.conkey) as u(attnum)
                              where c.conrelid = relid and c.contype = 'p')) as key_names,
                   (select pg_catalog.array_agg(case when m.m[1] is not null
                                                     then pg_catalog.replace(pg_catalog.replace(m.m[1], '""', '"'), '\\', '\')
                                                     when m.m[2] operator(pg_catalog.<>) '' then m.m[2] end)
                      from pg_catalog.regexp_matches(pg_catalog.substr(new_row, 2),
                                                     '"((?:[^"]|"")*)"[,)]|([^,)"]*)[,)]', 'g') as m(m)) as new_vals,
                   (select pg_catalog.array_agg(case when m.m[1] is not null
                                                     then pg_catalog.replace(pg_catalog.replace(m.m[1], '""', '"'), '\\', '\')
                                                     when m.m[2] operator(pg_catalog.<>) '' then m.m[2] end)
                      from pg_catalog.regexp_matches(pg_catalog.substr(old_row, 2),
                                                     '"((?:[^"]|"")*)"[,)]|([^,)"]*)[,)]', 'g') as m(m)) as old_vals
              from (select pg_catalog.array_agg(a.attname::text) as names,
                           pg_catalog.array_agg(a.atttypid) as types,
                           pg_catalog.array_agg(a.attgenerated operator(pg_catalog.<>) '') as generated
                      from (select a.attname, a.atttypid, a.attgenerated
                              from pg_catalog.pg_attribute a
                             where a.attrelid = relid and a.attnum > 0 and not a.attisdropped
                             order by a.attnum) as a) as a
            offset 0) as s
     cross join pg_catalog.generate_subscripts(s.names, 1) as g(i)
$$;
