-- pgq._capture_format_function(tbl, trigger_args, fmt) -> the trigger function to use for capturing the
-- changes of table tbl in format fmt ('json': pgq.jsontriga's events, 'sql': pgq.sqltriga's) with those
-- trigger arguments (queue name first): either the generic 'pgq.jsontriga' / 'pgq.sqltriga' or a
-- function made here for this table and these arguments, pgq._jsontriga_<relid>_<md5-8> or
-- pgq._sqltriga_<relid>_<md5-8>, which writes the same events several times faster. Called through
-- pgq.capture_jsontriga_function and pgq.capture_sqltriga_function; the counterpart of
-- pgq.capture_trigger_function (urlencoded) for the other two formats, and it follows the same rules
-- (read that function's header), in short:
--   * Made only for AFTER ROW use with no SKIP, deny, when= or ev_*= (the rest keeps the generic
--     trigger): expressions must run as the invoking user, the made function is a security definer.
--     Used in another kind of trigger it refuses with one line naming the generic function.
--   * No SET search_path (it would cost a configuration save and restore per row): every function,
--     type and table is schema-qualified and every operator written OPERATOR(pg_catalog.op).
--   * Stays right when the table changes: the fast path runs only while no column exists beyond the
--     last one known (has_column_privilege on attnum N+1 is NULL), every column it reads still has its
--     name (else undefined_column) and its type (every column is read as pgq._same_type(NEW.col,
--     null::its_type), which the planner inlines and which fails to plan for another type: a retyped
--     column could otherwise print through the old output function by an implicit cast, or change its
--     JSON form; once planned, PL/pgSQL raises datatype_mismatch itself), and the table keeps its name
--     (the JSON ev_type carries it). Otherwise the row goes through
--     pgq._jsontriga_event / pgq._sqltriga_event, the generic code: the same events, only slower.
--     The ticker's maintenance remakes functions whose table or queue changed (see
--     pgq._capture_format_signature and pgq.maint_refresh_capture_functions). Until then two changes
--     go unnoticed, as in the urlencoded function: a changed primary key (the key columns stay those
--     it was made with), and columns of one type that swapped names (each name still gets its own
--     value, but in the old column order where the C trigger writes the new one; a JSON row written
--     by row_to_json follows the table as it is).
--   * Queueing: one INSERT into the queue's view pgq.event_<id>_current, as in the urlencoded function
--     (see pgq.capture_trigger_function, "Queueing", and pgq._refresh_event_view).
-- A table with a _pgq_ev_* ("magic") column, or with a pkey= list that names none of its columns in
-- the sql format, gets a made function that always takes the generic path: rare, and answering the
-- generic name for a table property would leave maintenance remaking it forever.
--
-- What is written in, per format (see pgq.jsontriga / pgq.sqltriga for the formats themselves):
--   json  ev_type per operation as a constant; ev_data as pg_catalog.row_to_json(NEW) when no column
--         is ignored and every column's type is one whose row_to_json form is exactly the C trigger's
--         (booleans, integers, date/timestamp[tz], and types written as their text output: text,
--         inet, interval, ...), else the object spelled out column by column as pgq._json_value would.
--   sql   the quoted column list of an INSERT, the `name=value` pieces of an UPDATE's SET list
--         (pg_catalog.array_to_string drops the unchanged ones) and the WHERE part, all in attnum order;
--         values quoted by format's %L (the original's null in an INSERT's VALUES, NULL elsewhere).
-- Pieces are joined by pg_catalog.format calls (pgq._format_call), not by || per piece: PL/pgSQL sets
-- up every expression again in each transaction, at a cost that grows with its function calls, and the
-- seed workload writes one row per transaction.
-- Old and new values are compared as the generic triggers compare them: by their text output, except
-- for types whose equality is sameness of text output (integers, bool, uuid, oid, date, timestamps,
-- text under "C" collation), which are compared as they are and so need not be printed.
create or replace function pgq._capture_format_function(tbl regclass, trigger_args text[], fmt text)
returns text
language plpgsql
set search_path = pg_catalog
as $$
declare
    generic text := case fmt when 'json' then 'pgq.jsontriga' when 'sql' then 'pgq.sqltriga' end;
    queue_name text := trigger_args[1];
    arg text;
    ignore_arg text;
    pkey_arg text;
    backup boolean := false;
    fast boolean := true;
    fname text;
    body text;
    tag text;
    schema_name text;
    table_name text;
    last_attnum int;
    has_key boolean;
    pk_names text[];
    shown text[];
    col record;
    has_magic boolean;
    has_ignored boolean;
    compared boolean;
    jnew text;
    jold text;
    q record;
    key_cols int := 0;
    -- pieces of code
    guard_new text[] := '{}';
    guard_old text[] := '{}';
    changed text[] := '{}';
    ignored_changed text[] := '{}';
    key_changed text[] := '{}';
    null_keys text[] := '{}';
    -- pieces of pg_catalog.format() strings, one placeholder each, and their values (see pgq._format_call)
    new_pieces text[] := '{}';
    new_args text[] := '{}';
    old_pieces text[] := '{}';
    old_args text[] := '{}';
    key_pieces text[] := '{}';
    key_args text[] := '{}';
    where_pieces text[] := '{}';
    where_args text[] := '{}';
    set_parts text[] := '{}';
    backup_parts text[] := '{}';
    insert_names text[] := '{}';
    new_json text;
    old_json text;
    where_code text;
    direct boolean := true;
    type_prefix text;
    insert_code text;
    update_code text;
    delete_code text;
    queue_code text := '';
    fallback_code text;
    nt text;
    ot text;
    nref text;
    oref text;
    differs text;
    direct_new text;
    direct_old text;
    slow text;
    slow_key text;
    cat constant text := ' operator(pg_catalog.||) ';
    -- equality is sameness of text output: compared as they are, not printed to compare
    eq_types constant oid[] := array['int2', 'int4', 'int8', 'bool', 'uuid', 'oid', 'date', 'timestamp',
                                     'timestamptz', 'text', 'varchar']::regtype[]::oid[];
    -- row_to_json writes these exactly as the C jsontriga does
    direct_types constant oid[] := array['bool', 'int2', 'int4', 'int8', 'date', 'timestamp', 'timestamptz',
                                         'text', 'varchar', 'bpchar', 'name', 'char', 'time', 'timetz', 'interval',
                                         'uuid', 'inet', 'cidr', 'macaddr', 'macaddr8', 'bytea', 'oid', 'bit',
                                         'varbit', 'money', 'xml']::regtype[]::oid[];
begin
    if generic is null then
        raise exception 'pgq._capture_format_function: unknown format %', fmt;
    end if;
    if queue_name is null then
        -- the generic trigger raises the original's error when a row arrives
        return generic;
    end if;
    foreach arg in array coalesce(trigger_args[2:], '{}') loop
        if arg like 'ignore=%' then
            ignore_arg := substr(arg, 8);
        elsif arg like 'pkey=%' then
            pkey_arg := substr(arg, 6);
        elsif arg = 'backup' then
            backup := true;
        else
            -- SKIP, deny, when=, ev_*= (and anything the generic trigger rejects itself)
            return generic;
        end if;
    end loop;

    select n.nspname, c.relname into schema_name, table_name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.oid = tbl;
    select max(a.attnum) into last_attnum from pg_attribute a where a.attrelid = tbl and a.attnum > 0;
    select array_agg(a.attname::text order by k.i) into pk_names
      from pg_constraint p
     cross join unnest(p.conkey) with ordinality as k(attnum, i)
      join pg_attribute a on a.attrelid = p.conrelid and a.attnum = k.attnum
     where p.conrelid = tbl and p.contype = 'p';
    -- as the generic triggers: the pkey= list split at ',' is what ev_type shows; its columns are found
    -- by pgq._strlist_contains; an empty list means no key
    if pkey_arg is null then
        has_key := pk_names is not null;
        shown := coalesce(pk_names, '{}');
    else
        has_key := pkey_arg <> '';
        shown := string_to_array(pkey_arg, ',');
    end if;

    -- what the loop below must know in advance
    select coalesce(bool_or(a.attname like '\_pgq\_ev\_%'), false),
           coalesce(bool_or(pgq._strlist_contains(ignore_arg, a.attname)), false),
           count(*) filter (where case when pkey_arg is null then coalesce(a.attname = any(pk_names), false)
                                       else coalesce(pgq._strlist_contains(pkey_arg, a.attname), false) end)
      into has_magic, has_ignored, key_cols
      from pg_attribute a
     where a.attrelid = tbl and a.attnum > 0 and not a.attisdropped;
    if has_magic then
        -- _pgq_ev_* columns fill event fields: left to the generic code
        fast := false;
    end if;
    if fmt = 'sql' and has_key and key_cols = 0 then
        -- pkey= names no column: the generic trigger's odd events (NULL data) are left to it
        fast := false;
    end if;

    for col in
        select a.attname::text as name, a.attnum, a.atttypid as typ,
               coalesce(pgq._strlist_contains(ignore_arg, a.attname), false) as ign, a.attnotnull as not_null,
               -- IS NULL is true of a composite whose fields are all NULL: such columns (and domains) are
               -- tested for NULL by their text output
               t.typtype not in ('c', 'd') as scalar,
               case when pkey_arg is null then coalesce(a.attname = any(pk_names), false)
                    else coalesce(pgq._strlist_contains(pkey_arg, a.attname), false) end as pk,
               -- format() patterns, %1$s the row (NEW or OLD), '%' in names doubled: the column as read
               -- (see pgq._same_type) and its text output
               'pgq._same_type(%1$s.' || replace(quote_ident(a.attname), '%', '%%') || ', null::'
                   || replace(format('%I.%I', tn.nspname, t.typname), '%', '%%') || ')' as ref,
               case when a.atttypid = 'text'::regtype then ''
                    else format('pg_catalog.textin(%I.%I(', op.nspname, o.proname) end as out_fn
          from pg_attribute a
          join pg_type t on t.oid = a.atttypid
          join pg_namespace tn on tn.oid = t.typnamespace
          join pg_proc o on o.oid = t.typoutput
          join pg_namespace op on op.oid = o.pronamespace
         where a.attrelid = tbl and a.attnum > 0 and not a.attisdropped
         order by a.attnum
    loop
        -- compared on UPDATE: every column for sql (the SET list); for json the keys, and all when some are ignored
        compared := fmt = 'sql' or col.pk or has_ignored;
        -- the column as read in NEW and OLD, and its text output
        nref := format(col.ref, 'NEW');
        oref := format(col.ref, 'OLD');
        nt := case when col.out_fn = '' then nref else col.out_fn || nref || '))' end;
        ot := case when col.out_fn = '' then oref else col.out_fn || oref || '))' end;
        guard_new := guard_new || (nref || ' is null');
        guard_old := guard_old || (oref || ' is null');
        -- Changed: compared as they are when equality is sameness of text output, else by text output
        -- (printed here once more than it is written: a separate statement per column would cost more).
        -- Not IS DISTINCT FROM or NULLIF: those find "=" by search_path, which the made function keeps.
        if col.typ = any(eq_types) and col.pk and pkey_arg is null and col.not_null then
            -- a primary key column is never NULL in NEW or OLD (its NOT NULL cannot be dropped while
            -- the key exists; a changed key is what the fast path only learns from a refresh anyway)
            differs := format(case when col.typ in ('text'::regtype, 'varchar'::regtype)
                                   then '(%1$s collate pg_catalog."C") operator(pg_catalog.<>) %2$s'
                                   else '%1$s operator(pg_catalog.<>) %2$s' end, nref, oref);
        elsif col.typ = any(eq_types) or not compared then
            if col.typ in ('text'::regtype, 'varchar'::regtype) then
                differs := format('coalesce((%1$s collate pg_catalog."C") operator(pg_catalog.<>) %2$s, '
                                  '(%1$s is null) operator(pg_catalog.<>) (%2$s is null))', nref, oref);
            else
                differs := format('coalesce(%1$s operator(pg_catalog.<>) %2$s, '
                                  '(%1$s is null) operator(pg_catalog.<>) (%2$s is null))', nref, oref);
            end if;
        else
            -- (IS NULL of the text for composites and domains: a composite value whose fields are all
            -- NULL IS NULL too; a scalar is NULL exactly when its text is)
            differs := format('coalesce(%1$s operator(pg_catalog.<>) %2$s, (%3$s is null) operator(pg_catalog.<>) (%4$s is null))',
                              nt, ot, case when col.scalar then nref else nt end, case when col.scalar then oref else ot end);
        end if;

        if fmt = 'json' then
            direct := direct and not col.ign and col.typ = any(direct_types);
            -- one value as pgq._json_value writes it: null, true/false, bare integers, to_json's ISO
            -- date/time strings, else the text output as a JSON string
            if col.typ = 'bool'::regtype then
                jnew := format('case when %1$s then ''true'' when not %1$s then ''false'' else ''null'' end', nref);
                jold := format('case when %1$s then ''true'' when not %1$s then ''false'' else ''null'' end', oref);
            elsif col.typ in ('int2'::regtype, 'int4'::regtype, 'int8'::regtype) then
                jnew := format('coalesce(%s, ''null'')', nt);
                jold := format('coalesce(%s, ''null'')', ot);
            elsif col.typ in ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype) then
                jnew := format('coalesce(pg_catalog.to_json(%s)::pg_catalog.text, ''null'')', nref);
                jold := format('coalesce(pg_catalog.to_json(%s)::pg_catalog.text, ''null'')', oref);
            else
                jnew := format('coalesce(pg_catalog.to_json(%s)::pg_catalog.text, ''null'')', nt);
                jold := format('coalesce(pg_catalog.to_json(%s)::pg_catalog.text, ''null'')', ot);
            end if;
            if not col.ign then
                new_pieces := new_pieces || (case when cardinality(new_pieces) = 0 then '{' else ',' end || replace(to_json(col.name)::text, '%', '%%') || ':%s');
                new_args := new_args || jnew;
                old_pieces := old_pieces || (case when cardinality(old_pieces) = 0 then '{' else ',' end || replace(to_json(col.name)::text, '%', '%%') || ':%s');
                old_args := old_args || jold;
                if compared then
                    changed := changed || differs;
                end if;
            else
                ignored_changed := ignored_changed || differs;
            end if;
            if col.pk then
                key_changed := key_changed || differs;
                key_pieces := key_pieces || (case when cardinality(key_pieces) = 0 then '{' else ',' end || replace(to_json(col.name)::text, '%', '%%') || ':%s');
                key_args := key_args || jold;
            end if;
        else
            if not col.ign then
                insert_names := insert_names || quote_ident(col.name);
                -- the original writes a NULL here as null, where format's %L writes NULL
                new_pieces := new_pieces || (case when cardinality(new_pieces) = 0 then '' else ',' end || case when col.not_null then '%L' else '%s' end);
                new_args := new_args || case when col.not_null then nref
                                             when col.scalar then format('case when %1$s is null then ''null'' else pg_catalog.format(''%%L'', %1$s) end', nref)
                                             else format('coalesce(pg_catalog.quote_literal(%s), ''null'')', nt) end;
                backup_parts := backup_parts || format('%L%scoalesce(''='' operator(pg_catalog.||) pgq._urlencode(%s), '''')',
                                                       pgq._urlencode(col.name), cat, ot);
            end if;
            if col.pk or not col.ign then
                set_parts := set_parts || format('case when %s then pg_catalog.format(%L, %s) end',
                                                 differs, replace(quote_ident(col.name), '%', '%%') || '=%L', nref);
                changed := changed || differs;
            end if;
            if col.ign and not col.pk then
                ignored_changed := ignored_changed || differs;
            end if;
            if col.pk then
                where_pieces := where_pieces || (case when cardinality(where_pieces) = 0 then '' else ' and ' end
                                                 || replace(quote_ident(col.name), '%', '%%') || '=%L');
                where_args := where_args || oref;
                if not (col.not_null and pkey_arg is null) then
                    null_keys := null_keys || format('%s is null', oref);
                end if;
            end if;
        end if;
    end loop;

    -- What sends a row to the slow path, tested inside the row's data expression (see the template below):
    -- a replication worker's session, or a column added since the last refresh.
    slow := format('pg_catalog.current_setting(''session_replication_role'') operator(pg_catalog.=) ''local'''
                   ' or pg_catalog.current_setting(''pgq.session_replication_role'', true) operator(pg_catalog.=) any (''{local,replica}''::pg_catalog.text[])'
                   ' or pg_catalog.has_column_privilege(%s::pg_catalog.oid, %s::pg_catalog.int2, ''select'') is not null',
                   tbl::oid, coalesce(last_attnum, 0) + 1);
    -- row_to_json of the whole row reads no column: the two equal branches read each of them through
    -- pgq._same_type, so that a retyped column takes the generic code here too
    direct_new := format('case when %s then pg_catalog.row_to_json(NEW)::pg_catalog.text else pg_catalog.row_to_json(NEW)::pg_catalog.text end',
                         coalesce(nullif(array_to_string(guard_new, ' and '), ''), 'true'));
    direct_old := format('case when %s then pg_catalog.row_to_json(OLD)::pg_catalog.text else pg_catalog.row_to_json(OLD)::pg_catalog.text end',
                         coalesce(nullif(array_to_string(guard_old, ' and '), ''), 'true'));
    if fmt = 'json' then
        -- the objects: {"col":value,...}, closed on the last piece
        if cardinality(new_pieces) > 0 then
            new_pieces[cardinality(new_pieces)] := new_pieces[cardinality(new_pieces)] || '}';
            old_pieces[cardinality(old_pieces)] := old_pieces[cardinality(old_pieces)] || '}';
        end if;
        new_json := case when direct then direct_new when cardinality(new_pieces) = 0 then '''{}''' else pgq._format_call(new_pieces, new_args) end;
        old_json := case when direct then direct_old when cardinality(old_pieces) = 0 then '''{}''' else pgq._format_call(old_pieces, old_args) end;
        -- {"op":"INSERT","table":["schema","table"],"pkey":["k1","k2"]} after the operation
        type_prefix := '","table":[' || to_json(schema_name)::text || ',' || to_json(table_name)::text || '],"pkey":['
                       || coalesce((select string_agg(to_json(u.k)::text, ',' order by u.ord) from unnest(shown) with ordinality as u(k, ord)), '')
                       || ']}';
        insert_code := format('f_type := %L; f_data := case when %s then null else %s end;', '{"op":"INSERT' || type_prefix, slow, new_json);
        delete_code := format('f_type := %L; f_data := case when %s then null else %s end;', '{"op":"DELETE' || type_prefix, slow, old_json);
        update_code := '';
        if cardinality(ignored_changed) > 0 then
            -- only ignored columns changed: no event
            update_code := update_code || format(E'\n                    if not (%s) and (%s) then\n                        return null;\n                    end if;',
                                                 coalesce(nullif(array_to_string(changed, ' or '), ''), 'false'),
                                                 array_to_string(ignored_changed, ' or '));
        end if;
        update_code := update_code || format(' f_type := %L; f_data := case when %s then null else %s end;', '{"op":"UPDATE' || type_prefix, slow, new_json);
        if backup then
            update_code := update_code || format(' f_extra2 := %s;', old_json);
        elsif cardinality(key_changed) > 0 then
            -- a changed key: the old key columns in ev_extra2 (see pgq.jsontriga)
            key_pieces[cardinality(key_pieces)] := key_pieces[cardinality(key_pieces)] || '}';
            update_code := update_code || format(E'\n                    if %s then\n                        f_extra2 := %s;\n                    end if;',
                                                 array_to_string(key_changed, ' or '), pgq._format_call(key_pieces, key_args));
        end if;
    else
        -- (cols) values (v1,...): the column list in the first piece, the closing parenthesis in the last
        if cardinality(new_pieces) > 0 then
            new_pieces[1] := replace('(' || array_to_string(insert_names, ',') || ') values (', '%', '%%') || new_pieces[1];
            new_pieces[cardinality(new_pieces)] := new_pieces[cardinality(new_pieces)] || ')';
            insert_code := format('f_type := ''I''; f_data := case when %s then null else %s end;', slow, pgq._format_call(new_pieces, new_args));
        else
            insert_code := format('f_type := ''I''; f_data := case when %s then null else %L end;', slow,
                                  '(' || array_to_string(insert_names, ',') || ') values ()');
        end if;
        -- the key as the WHERE part: k1='v1' and k2='v2'. format's %L writes a NULL key as NULL where the
        -- original raises: a NULL key leaves f_data NULL, and the generic code raises the original's error.
        where_code := coalesce(nullif(pgq._format_call(where_pieces, where_args), ''''''), 'null');
        slow_key := concat_ws(' or ', slow, nullif(array_to_string(null_keys, ' or '), ''));
        -- the changed columns; none: the first key column (or no event when only ignored ones changed)
        update_code := format(E'f_type := ''U''; f_data := case when %s then null else pg_catalog.array_to_string(array[%s]::pg_catalog.text[], '','') end;'
                               '\n                    if f_data operator(pg_catalog.=) '''' then%s'
                               '\n                        f_data := %s;\n                    end if;\n                    f_data := f_data%s'' where ''%s%s;',
                              slow_key, coalesce(nullif(array_to_string(set_parts, ', '), ''), 'null'),
                              case when cardinality(ignored_changed) > 0
                                   then format(E'\n                        if %s then\n                            return null;\n                        end if;',
                                               array_to_string(ignored_changed, ' or ')) else '' end,
                              coalesce(nullif(pgq._format_call(where_pieces[1:1], where_args[1:1]), ''''''), 'null'), cat, cat, where_code);
        if backup then
            update_code := update_code || format(' f_extra2 := %s;',
                                                 coalesce(nullif(array_to_string(backup_parts, cat || '''&''' || cat), ''), ''''''));
        end if;
        delete_code := format('f_type := ''D''; f_data := case when %s then null else %s end;', slow_key, where_code);
    end if;
    if not has_key then
        update_code := 'raise exception ''Update/Delete on table without pkey'';';
        delete_code := update_code;
    end if;

    -- The generic code, for rows the fast path was not made for (see pgq._jsontriga_event).
    fallback_code := E'-- Changes applied by a replication worker are not captured again (see pgq.' || fmt || E'triga).\n'
                     || E'            if pg_catalog.current_setting(''session_replication_role'') operator(pg_catalog.=) ''local''\n'
                     || E'               or pg_catalog.current_setting(''pgq.session_replication_role'', true) operator(pg_catalog.=) any (''{local,replica}''::pg_catalog.text[]) then\n'
                     || E'                return null;\n'
                     || E'            end if;\n'
                     || E'            -- a column added, renamed, dropped or retyped, the table renamed, a NULL key: the generic code\n'
                     || '            '
                     || format(E'select e.queued, e.ev_type, e.ev_data, e.ev_extra1, e.ev_extra2, e.ev_extra3, e.ev_extra4\n'
                             '              into made, f_type, f_data, f_extra1, f_extra2, f_extra3, f_extra4\n'
                             '              from pgq._%1$striga_event(TG_RELID, TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME, %2$s::pg_catalog.text, %3$s::pg_catalog.text, %4$s,\n'
                             '                                        case when TG_OP operator(pg_catalog.=) ''DELETE'' then OLD else NEW end,\n'
                             '                                        case when TG_OP operator(pg_catalog.=) ''INSERT'' then NEW else OLD end) as e;\n'
                             '            if not made then\n'
                             '                return null;\n'
                             '            end if;',
                            fmt, coalesce(quote_literal(pkey_arg), 'null'), coalesce(quote_literal(ignore_arg), 'null'), backup::text)
                     || format(E'\n            perform pgq.insert_event_raw(%L, null, pg_catalog.now(), null, null, f_type, f_data, f_extra1, f_extra2, f_extra3, f_extra4);'
                                '\n            return null;', queue_name);

    -- Queueing through the queue's view (see pgq.capture_trigger_function, "Queueing").
    select pgq.queue.queue_data_pfx, pgq.queue.queue_event_seq::regclass::oid as seq
      into q
      from pgq.queue where pgq.queue.queue_name = trigger_args[1];
    if found then
        queue_code := format(E'    insert into %s_current (ev_id, ev_time, ev_type, ev_data, ev_extra1, ev_extra2)\n'
                              '    values (pg_catalog.nextval(%s::pg_catalog.oid::pg_catalog.regclass), pg_catalog.now(),\n'
                              '            f_type, f_data, %L, f_extra2);\n',
                             q.queue_data_pfx, q.seq, schema_name || '.' || table_name);
    else
        -- no such queue (yet): pgq.insert_event_raw raises the original's error; create_queue remakes us
        queue_code := format(E'    perform pgq.insert_event_raw(%L, null, pg_catalog.now(), null, null, f_type, f_data, %L, f_extra2, null, null);\n',
                             queue_name, schema_name || '.' || table_name);
    end if;

    -- One function per table and argument list.
    fname := format('pgq.%I', '_' || fmt || 'triga_' || tbl::oid || '_' || left(md5(array_to_string(trigger_args, chr(1))), 8));
    body := format($def$
-- %11$s capture trigger of %15$s as of its last refresh, made by pgq.capture_%11$striga_function (see
-- pgq._capture_format_function)
-- signature %12$s
declare
    f_type pg_catalog.text;
    f_data pg_catalog.text;
    f_extra1 pg_catalog.text;
    f_extra2 pg_catalog.text;
    f_extra3 pg_catalog.text;
    f_extra4 pg_catalog.text;
    made pg_catalog.bool;
begin
    -- Here only what must be known before NEW or OLD is read. The other checks (a replication worker's
    -- session, a column added since the last refresh, a NULL key) are made in the row's data expression,
    -- one expression less per row: they leave f_data NULL, and a NULL f_data takes the generic code.
    if TG_RELID operator(pg_catalog.<>) %3$s::pg_catalog.oid or TG_LEVEL operator(pg_catalog.<>) 'ROW'
       or TG_WHEN operator(pg_catalog.<>) 'AFTER' or not %4$s
       or TG_TABLE_NAME operator(pg_catalog.<>) %5$L::pg_catalog.name or TG_TABLE_SCHEMA operator(pg_catalog.<>) %6$L::pg_catalog.name then
        if TG_RELID operator(pg_catalog.<>) %3$s::pg_catalog.oid or TG_LEVEL operator(pg_catalog.<>) 'ROW'
           or TG_WHEN operator(pg_catalog.<>) 'AFTER' then
            raise exception 'capture function %% is made for AFTER ROW triggers on %%; use %13$s', %1$L, %2$L;
        end if;
        %10$s
    end if;
    begin
        if TG_OP operator(pg_catalog.=) 'INSERT' then
            %7$s
        elsif TG_OP operator(pg_catalog.=) 'UPDATE' then
            %8$s
        else
            %9$s
        end if;
    exception when undefined_column or undefined_function or datatype_mismatch then
        -- a column was renamed, dropped or retyped since the last refresh (see pgq._same_type)
        %10$s
    end;
    if f_data is null then
        %10$s
    end if;
%14$s    return null;
end;
$def$,
        fname, schema_name || '.' || table_name, tbl::oid, fast::text, table_name, schema_name,
        insert_code, update_code, delete_code, fallback_code, fmt,
        pgq._capture_format_signature(tbl, queue_name, fmt), generic, queue_code,
        translate(schema_name || '.' || table_name, E'\r\n', '  '));
    -- Names and arguments are quoted in the body, but a literal may still hold any dollar-quote tag:
    -- take one that does not occur in it.
    tag := '$body$';
    while strpos(body, tag) > 0 loop
        tag := '$body' || (random() * 1e9)::bigint || '$';
    end loop;
    execute format('create or replace function %s() returns trigger language plpgsql security definer as %s%s%s',
                   fname, tag, body, tag);
    execute format('comment on function %s() is %L', fname,
                   format('capture trigger of %s made by pgq.capture_%striga_function(%L)', schema_name || '.' || table_name, fmt, trigger_args));
    return fname;
end;
$$;
