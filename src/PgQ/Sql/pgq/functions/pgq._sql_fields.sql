-- pgq._sql_fields(relid, op, pkey_list, ignore_list, new_row, old_row, stale_generated, want_backup): the partial
-- SQL of PgQ 3.5's C sqltriga for one row change, in one statement per kind of change (new_row is OLD for a DELETE):
--   INSERT  (c1,"C 2") values ('1',null)            non-ignored columns, attnum order; NULL is `null`;
--   UPDATE  c2='x',c3=NULL where k1='1' and k2='a'  the changed non-ignored columns with their new values
--           (NULL is `NULL`), then the key columns (attnum order) with their OLD values. An UPDATE that
--           changes nothing sets the first key column to its old value; one that changes only ignored
--           columns gives no event (data NULL, only_ignored true).
--   DELETE  k1='1' and k2='a'                       the key columns, attnum order.
-- Names go through quote_ident and values through quote_literal (E'..' when the value has a backslash),
-- the same functions the C trigger calls. One deliberate difference: the original refuses an UPDATE that
-- changes a key column; here the changed key columns go into the SET list with their new values while
-- the WHERE part keeps the old ones, so the event applies as is.
--   backup        old_row urlencoded (non-ignored columns), when want_backup;
--   has_key       whether the table has key columns;
--   null_key      a key column printed in the event is NULL (the original then fails);
--   magic         {{name,value},...} of the row's _pgq_ev_* columns, NULL when it has none.
create or replace function pgq._sql_fields(relid oid, op text, pkey_list text, ignore_list text,
                                          new_row text, old_row text, stale_generated boolean, want_backup boolean,
                                          out data text, out backup text, out has_key boolean,
                                          out only_ignored boolean, out null_key boolean, out magic text[])
language plpgsql stable
-- one generic plan for every table (see pgq._row_fields)
set plan_cache_mode = force_generic_plan
as $$
declare
    set_list text;
    first_key text;
    key_list text;
    ignored_changed boolean;
begin
    -- One statement per kind of change, each computing only what that change needs: every aggregate costs,
    -- and an output of pgq._row_cells that a statement does not use is not computed at all (an INSERT
    -- needs no key lookup).
    only_ignored := false;
    null_key := false;
    if op = 'INSERT' then
        select '(' || coalesce(pg_catalog.string_agg(pg_catalog.quote_ident(c.name), ',') filter (where not c.ign), '')
                   || ') values ('
                   || coalesce(pg_catalog.string_agg(coalesce(pg_catalog.quote_literal(c.nv), 'null'), ',') filter (where not c.ign), '')
                   || ')',
               pg_catalog.array_agg(array[c.name, c.nv]) filter (where c.magic)
          into data, magic
          from pgq._row_cells(relid, pkey_list, ignore_list, new_row, null, false) as c;
    elsif op = 'DELETE' then
        select pg_catalog.string_agg(pg_catalog.quote_ident(c.name) || '=' || pg_catalog.quote_literal(c.nv), ' and ')
                   filter (where c.pk),
               coalesce(pg_catalog.cardinality(min(c.key_names)), 0) > 0,
               coalesce(pg_catalog.bool_or(c.nv is null) filter (where c.pk), false),
               pg_catalog.array_agg(array[c.name, c.nv]) filter (where c.magic)
          into data, has_key, null_key, magic
          from pgq._row_cells(relid, pkey_list, ignore_list, new_row, null, false) as c;
    else
        select pg_catalog.string_agg(pg_catalog.quote_ident(c.name) || '=' || coalesce(pg_catalog.quote_literal(c.nv), 'NULL'), ',')
                   filter (where (c.pk or not c.ign) and c.nv is distinct from c.ov),
               (pg_catalog.array_agg(pg_catalog.quote_ident(c.name) || '=' || pg_catalog.quote_literal(c.ov)) filter (where c.pk))[1],
               pg_catalog.string_agg(pg_catalog.quote_ident(c.name) || '=' || pg_catalog.quote_literal(c.ov), ' and ')
                   filter (where c.pk),
               pg_catalog.string_agg(pgq._urlencode(c.name) || case when c.ov is null then '' else '=' || pgq._urlencode(c.ov) end, '&')
                   filter (where want_backup and not c.ign),
               coalesce(pg_catalog.cardinality(min(c.key_names)), 0) > 0,
               coalesce(pg_catalog.bool_or(c.nv is distinct from c.ov) filter (where c.ign and not c.pk), false),
               coalesce(pg_catalog.bool_or(c.ov is null) filter (where c.pk), false),
               pg_catalog.array_agg(array[c.name, c.nv]) filter (where c.magic)
          into set_list, first_key, key_list, backup, has_key, ignored_changed, null_key, magic
          from pgq._row_cells(relid, pkey_list, ignore_list, new_row, old_row, stale_generated) as c;
        if set_list is null and ignored_changed then
            only_ignored := true;
        else
            data := coalesce(set_list, first_key) || ' where ' || key_list;
        end if;
    end if;
end;
$$;
