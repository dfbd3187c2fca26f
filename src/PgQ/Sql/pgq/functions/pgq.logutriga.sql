-- Capture triggers in PL/pgSQL, byte-compatible with PgQ 3.5's C pgq.logutriga (checked against
-- the original extension by tests/PgQ.Tests/Triggers). The urlencoding is pgq._urlencode; the fast
-- per-table variant of this trigger is made by pgq.capture_trigger_function.
--
-- pgq._row_fields(relid, pkey_list, ignore_list, new_row, old_row): everything logutriga needs about
-- one row change:
--   data       the urlencoded new_row, non-ignored columns in attribute order;
--   old_data   the same for old_row (the `backup` image);
--   pkeys      the key column names joined by ',' (primary key order, or pkey_list order);
--   old_pkey   the urlencoded key columns of old_row (for our primary-key UPDATE extension);
--   changed / ignored_changed / pkey_changed  whether some non-ignored / ignored / key column differs.
-- Rows come in as their composite text output (`row::text`: each value printed by its type's output
-- function, exactly what the C trigger prints) and are split by one regexp: record_out quotes a
-- value when it is empty or holds '"', '\', '(', ')', ',' or white space, doubling '"' and '\'
-- inside; an unquoted empty field is NULL. So a quoted field is "([^"]|"")*" and an unquoted one holds
-- no ',', ')' or '"'; each ends with ',' or ')'. Values zip with pg_attribute (attnum > 0, not dropped, in attnum order) by position.
-- Changes are compared on the text output (the C trigger uses the type's '=' operator; they differ
-- only for values that are equal yet print differently, e.g. numeric 1.0 and 1.00, where an UPDATE
-- of such a column plus an ignored one gives an event here and none in the original).
-- stale_generated: a BEFORE UPDATE trigger. The C trigger then sees the new tuple before stored
-- generated columns are computed, i.e. still holding the OLD row's values, while PL/pgSQL shows them
-- as NULL in NEW; so their values are taken from old_row.
-- One statement for everything: each extra statement costs an executor start-up per row. Only
-- one aggregate has ORDER BY (a sort costs more than the rest of the row's work): every input already
-- comes in order from a function scan (regexp_matches, unnest, generate_subscripts), and the
-- `offset 0` keep the planner from reordering; only the column names are sorted, since the order of
-- a catalog scan is the planner's choice.
create or replace function pgq._row_fields(relid oid, pkey_list text[], ignore_list text[], new_row text, old_row text,
                                          stale_generated boolean,
                                          out data text, out old_data text, out pkeys text, out old_pkey text,
                                          out changed boolean, out ignored_changed boolean, out pkey_changed boolean)
language plpgsql stable
-- Otherwise PostgreSQL keeps trying custom plans for this statement, which costs a planning per row
-- (about 3x the whole call); the generic plan is right for every table.
set plan_cache_mode = force_generic_plan
as $$
begin
    select pg_catalog.string_agg(f.key || case when f.nv is null then '' else '=' || pgq._urlencode(f.nv) end, '&')
               filter (where not f.ign),
           pg_catalog.string_agg(f.key || case when f.ov is null then '' else '=' || pgq._urlencode(f.ov) end, '&')
               filter (where not f.ign and old_row is not null),
           coalesce(pg_catalog.array_to_string(min(f.key_names), ','), ''),
           pg_catalog.string_agg(f.key || case when f.ov is null then '' else '=' || pgq._urlencode(f.ov) end, '&')
               filter (where f.pk and old_row is not null),
           coalesce(pg_catalog.bool_or(f.nv is distinct from f.ov) filter (where not f.ign), false) and old_row is not null,
           coalesce(pg_catalog.bool_or(f.nv is distinct from f.ov) filter (where f.ign), false) and old_row is not null,
           coalesce(pg_catalog.bool_or(f.nv is distinct from f.ov) filter (where f.pk), false) and old_row is not null
      into data, old_data, pkeys, old_pkey, changed, ignored_changed, pkey_changed
      from (select g.i, pgq._urlencode(s.names[g.i]) as key,
                   case when stale_generated and s.generated[g.i] then s.old_vals[g.i] else s.new_vals[g.i] end as nv,
                   s.old_vals[g.i] as ov, s.key_names,
                   coalesce(s.names[g.i] = any(ignore_list), false) as ign,
                   coalesce(s.names[g.i] = any(s.key_names), false) as pk
              from (select (select pg_catalog.array_agg(a.attname::text order by a.attnum)
                              from pg_catalog.pg_attribute a
                             where a.attrelid = relid and a.attnum > 0 and not a.attisdropped) as names,
                           (select pg_catalog.array_agg(a.attgenerated <> '' order by a.attnum)
                              from pg_catalog.pg_attribute a
                             where stale_generated and a.attrelid = relid and a.attnum > 0 and not a.attisdropped) as generated,
                           -- the primary key's columns in key order, as the original lists them
                           coalesce(pkey_list,
                                    (select pg_catalog.array_agg((select k.attname::text
                                                                    from pg_catalog.pg_attribute k
                                                                   where k.attrelid = relid and k.attnum = u.attnum))
                                       from pg_catalog.pg_constraint c
                                      cross join pg_catalog.unnest(c.conkey) as u(attnum)
                                      where c.conrelid = relid and c.contype = 'p')) as key_names,
                           (select pg_catalog.array_agg(case when m.m[1] is not null
                                                             then pg_catalog.replace(pg_catalog.replace(m.m[1], '""', '"'), '\\', '\')
                                                             when m.m[2] <> '' then m.m[2] end)
                              from pg_catalog.regexp_matches(pg_catalog.substr(new_row, 2),
                                                             '"((?:[^"]|"")*)"[,)]|([^,)"]*)[,)]', 'g') as m(m)) as new_vals,
                           (select pg_catalog.array_agg(case when m.m[1] is not null
                                                             then pg_catalog.replace(pg_catalog.replace(m.m[1], '""', '"'), '\\', '\')
                                                             when m.m[2] <> '' then m.m[2] end)
                              from pg_catalog.regexp_matches(pg_catalog.substr(old_row, 2),
                                                             '"((?:[^"]|"")*)"[,)]|([^,)"]*)[,)]', 'g') as m(m)) as old_vals
                    offset 0) as s
             cross join pg_catalog.generate_subscripts(s.names, 1) as g(i)
            offset 0) as f;
end;
$$;

-- pgq.logutriga(queue, [SKIP], [ignore=c1,c2], [pkey=c1,c2], [backup], [deny], [when=EXPR],
--               [ev_type=EXPR], [ev_data=EXPR], [ev_extra1..4=EXPR])
-- Queues each row change as an urlencoded event, the format Londiste 3 uses by default:
--   ev_type  'I:' / 'U:' / 'D:' + key column names joined by ',' (raw), 'R' for TRUNCATE;
--   ev_data  col=val&... (NEW row for I/U, OLD for D; NULL is the bare name, '' is 'name='), '' for R;
--   ev_extra1 'schema.table' unquoted; ev_extra2 the OLD row with `backup` on UPDATE.
-- One deliberate difference: the original refuses an UPDATE that changes a key column ('primary key
-- update not allowed'); we capture it so a subscriber can apply it. Such an event is an ordinary
-- 'U:<pkeys>' event whose ev_data has the NEW row; the OLD key values go to ev_extra2, urlencoded
-- like ev_data but holding only the key columns (e.g. 'id=1&Key+2=a'), so the subscriber runs
-- `update ... set <new row> where <keys> = <ev_extra2 values>`. With `backup`, ev_extra2 already is
-- the whole OLD row (keys included), and is left as such. A subscriber that sees ev_extra2 on a 'U:'
-- event takes the WHERE values from it; for other UPDATEs ev_extra2 stays NULL (as in the original).
create or replace function pgq.logutriga()
returns trigger
language plpgsql
set search_path = pg_catalog
as $$
declare
    queue_name text;
    arg text;
    i int;
    skip boolean := false;
    backup boolean := false;
    deny boolean := false;
    pkey_list text[];
    ignore_list text[];
    when_expr text;
    -- overrides, in ev_type, ev_data, ev_extra1..4 order; has_expr marks the given ones
    exprs text[] := array[null, null, null, null, null, null]::text[];
    has_expr boolean := false;
    tbl text := TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;
    ev record;
    ev_type text;
    ev_data text;
    ev_extra1 text;
    ev_extra2 text;
    ev_extra3 text;
    ev_extra4 text;
    when_ok boolean;
    when_type oid;
    when_text text;
    expr_value text;
    ev_row record;
begin
    if TG_NARGS < 1 then
        raise exception 'pgq trigger must have destination queue as argument';
    end if;
    queue_name := TG_ARGV[0];
    for i in 1 .. TG_NARGS - 1 loop
        arg := TG_ARGV[i];
        if arg = 'SKIP' then
            skip := true;
        elsif arg = 'backup' then
            backup := true;
        elsif arg = 'deny' then
            deny := true;
        elsif arg like 'ignore=%' then
            ignore_list := string_to_array(substr(arg, 8), ',');
        elsif arg like 'pkey=%' then
            pkey_list := string_to_array(substr(arg, 6), ',');
        elsif arg like 'when=%' then
            when_expr := substr(arg, 6);
        elsif arg like 'ev_type=%' then
            exprs[1] := substr(arg, 9); has_expr := true;
        elsif arg like 'ev_data=%' then
            exprs[2] := substr(arg, 9); has_expr := true;
        elsif arg ~ '^ev_extra[1-4]=' then
            exprs[2 + substr(arg, 9, 1)::int] := substr(arg, 11); has_expr := true;
        else
            raise exception 'bad param to pgq trigger';
        end if;
    end loop;

    if TG_OP = 'TRUNCATE' then
        if TG_LEVEL <> 'STATEMENT' then
            raise exception 'pgq tRuncate trigger must be fired FOR EACH STATEMENT';
        end if;
    elsif TG_LEVEL <> 'ROW' then
        raise exception 'pgq Ins/Upd/Del trigger must be fired FOR EACH ROW';
    end if;

    -- Changes applied by a replication worker (role 'local') are not captured again.
    -- The same for 'replica' set by londiste.set_session_replication_role where the worker may not set
    -- the server's setting (no superuser): PostgreSQL would not fire this trigger at all then.
    if current_setting('session_replication_role') = 'local'
       or current_setting('pgq.session_replication_role', true) in ('local', 'replica') then
        if TG_WHEN = 'AFTER' or TG_OP = 'TRUNCATE' then
            return null;
        elsif TG_OP = 'DELETE' then
            return OLD;
        end if;
        return NEW;
    end if;

    if skip and TG_WHEN = 'AFTER' then
        raise exception 'SKIP does not work in AFTER trigger.';
    end if;
    if deny then
        raise exception 'Table ''%'' to queue ''%'': change not allowed (%)', tbl, queue_name, TG_OP;
    end if;

    if TG_OP = 'TRUNCATE' then
        if ignore_list is not null then
            raise exception 'Column ignore does not make sense for truncate trigger';
        elsif pkey_list is not null then
            raise exception 'Custom pkey_list does not make sense for truncate trigger';
        elsif backup then
            raise exception 'Backup does not make sense for truncate trigger';
        elsif has_expr or when_expr is not null then
            raise exception 'Custom expressions do not make sense for truncater trigger';
        end if;
        perform pgq.insert_event(queue_name, 'R', '', tbl, null, null, null);
        return null;
    end if;

    if TG_OP = 'DELETE' then
        ev_row := OLD;
        ev := pgq._logutriga_event(TG_RELID, TG_OP, pkey_list, ignore_list, backup, OLD::text, null, false);
    elsif TG_OP = 'UPDATE' then
        ev_row := NEW;
        ev := pgq._logutriga_event(TG_RELID, TG_OP, pkey_list, ignore_list, backup, NEW::text, OLD::text, TG_WHEN = 'BEFORE');
    else
        ev_row := NEW;
        ev := pgq._logutriga_event(TG_RELID, TG_OP, pkey_list, ignore_list, backup, NEW::text, null, false);
    end if;
    if ev.ev_type is null then
        return case when TG_WHEN = 'AFTER' then null when skip then null else NEW end;
    end if;
    ev_type := ev.ev_type;
    ev_data := ev.ev_data;
    ev_extra1 := tbl;
    ev_extra2 := ev.ev_extra2;

    -- Expressions see the row's columns by name: `select EXPR from (select ($1).*) as r`.
    if when_expr is not null then
        -- The original insists on a boolean (no casts) and reports the type's oid otherwise.
        execute format('select pg_typeof(w)::oid, w::text from (select (%s) as w from (select ($1).*) as r) as s', when_expr)
            into when_type, when_text using ev_row;
        if when_type <> 'boolean'::regtype then
            raise exception 'when= query result must be boolean, got=%', when_type;
        end if;
        when_ok := when_text::boolean;
        if when_ok is null then
            raise exception 'when= should not be NULL';
        end if;
        if not when_ok then
            return case when TG_WHEN = 'AFTER' then null when skip then null else ev_row end;
        end if;
    end if;
    if has_expr then
        for i in 1 .. 6 loop
            if exprs[i] is not null then
                execute format('select (%s)::text from (select ($1).*) as r', exprs[i]) into expr_value using ev_row;
                case i
                    when 1 then ev_type := expr_value;
                    when 2 then ev_data := expr_value;
                    when 3 then ev_extra1 := expr_value;
                    when 4 then ev_extra2 := expr_value;
                    when 5 then ev_extra3 := expr_value;
                    else ev_extra4 := expr_value;
                end case;
            end if;
        end loop;
    end if;

    perform pgq.insert_event(queue_name, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4);

    if TG_WHEN = 'AFTER' or skip then
        return null;
    end if;
    return ev_row;
end;
$$;
