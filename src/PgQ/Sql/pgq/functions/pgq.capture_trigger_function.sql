-- pgq.capture_trigger_function(tbl, trigger_args) -> the trigger function to use for capturing the
-- changes of table tbl with logutriga arguments trigger_args (queue name first, as for
-- pgq.logutriga): either 'pgq.logutriga' itself or a function made here for this table and these
-- arguments, which writes the same events several times faster.
--
-- Why: the generic trigger must find the table's columns and key at run time and format the row
-- from its composite text, which costs PL/pgSQL about 100 µs per row; PgQ's C trigger needs ~15.
-- The function made here has the column list, the key and the urlencoded column names written into
-- its code, reads NEW.col directly, urlencodes only columns whose type can print unsafe characters
-- (with a short replace() chain for types whose output alphabet is known), and queues the event
-- itself with the queue's event tables written in, so every statement has a cached plan and no
-- further PL/pgSQL function is entered (see "Queueing" below).
--
-- Staying right when the table changes (ALTER TABLE without regenerating): the fast path is taken
-- only while no column exists beyond the last one the code knows (has_column_privilege on attnum N+1
-- is NULL exactly when that column does not exist: a syscache lookup, no query) and every column it
-- reads still exists under its name (a dropped or renamed column raises undefined_column inside a
-- block that holds no writes, so no subtransaction id is taken). Otherwise the row goes through
-- pgq._logutriga_event, the generic code of pgq.logutriga: the same events, only slower. The table's
-- own name is read from TG_TABLE_SCHEMA/TG_TABLE_NAME, so a renamed table stays right too.
-- pgq.refresh_capture_functions() remakes every made function from the current table definitions;
-- the ticker's maintenance does it by itself for the functions whose table or queue changed (each
-- carries the signature of what it was made from, see pgq._capture_signature). Until then a changed
-- primary key is the one change the fast path does not notice: the key names stay those it was made
-- with.
--
-- Only AFTER ROW triggers without SKIP, deny, when= or ev_*= expressions get a made function (the
-- rest keeps pgq.logutriga): expressions must run as the invoking user, and the made function is a
-- security definer so that any role writing the table can queue (as through pgq.insert_event).
--
-- Safe without `SET search_path`: a SET clause on a function costs a configuration save and restore
-- on every call (about 2.5 µs a row, a sixth of the C trigger's whole cost), so the made function has
-- none. Instead nothing in its code depends on the caller's search_path: every function, type and
-- table is schema-qualified and every operator is written OPERATOR(pg_catalog.op) (IS DISTINCT FROM
-- and IN would look "=" up through the path, so they are spelled out). A caller who puts a schema of
-- their own before pg_catalog cannot take over anything the definer runs.
--
-- Queueing: the steps of pgq.insert_event_raw: the queue row is read by a statement that starts
-- after our transaction id was assigned (so an event never lands in a table that a rotation has
-- already retired for transactions as new as ours; see pgq.insert_event_raw), then the event goes
-- into the current table by a static INSERT per event table. In a row trigger the id is always
-- assigned already (the row change took it), so unlike pgq.insert_event_raw no txid_current() call
-- is needed first. Whatever the made function was not
-- written for (the queue dropped and created again under a new id, inserts disabled, a
-- per-transaction limit, another table count, a queue created after the function) goes through
-- pgq.insert_event_raw, which decides as always.
create or replace function pgq.capture_trigger_function(tbl regclass, trigger_args text[])
returns text
language plpgsql
set search_path = pg_catalog
as $$
declare
    queue_name text := trigger_args[1];
    arg text;
    ignore_list text[];
    pkey_list text[];
    backup boolean := false;
    fname text;
    tbl_name text;
    last_attnum int;
    key_names text[];
    col record;
    q record;
    i int;
    differs text;
    new_data text[] := '{}';
    old_data text[] := '{}';
    old_keys text[] := '{}';
    changed text[] := '{}';
    ignored_changed text[] := '{}';
    key_changed text[] := '{}';
    new_prints text[] := '{}';
    old_prints text[] := '{}';
    print_vars text := '';
    update_code text;
    delete_code text;
    queue_code text := '';
    table_expr constant text := 'TG_TABLE_SCHEMA operator(pg_catalog.||) ''.'' operator(pg_catalog.||) TG_TABLE_NAME';
    amp constant text := ' operator(pg_catalog.||) ''&'' operator(pg_catalog.||) ';
    -- 'name' || coalesce('=' || value, ''): NULL is the bare name, '' is 'name='
    cell constant text := '%L operator(pg_catalog.||) coalesce(''='' operator(pg_catalog.||) %s, '''')';
    -- types whose text output only has characters urlencoding keeps ([0-9A-Za-z_.-])
    safe_types constant oid[] := array['int2', 'int4', 'int8', 'oid', 'bool', 'numeric', 'uuid']::regtype[]::oid[];
begin
    if queue_name is null then
        -- the generic trigger raises the original's error when a row arrives
        return 'pgq.logutriga';
    end if;
    foreach arg in array coalesce(trigger_args[2:], '{}') loop
        if arg like 'ignore=%' then
            ignore_list := string_to_array(substr(arg, 8), ',');
        elsif arg like 'pkey=%' then
            pkey_list := string_to_array(substr(arg, 6), ',');
        elsif arg = 'backup' then
            backup := true;
        else
            -- SKIP, deny, when=, ev_*= (and anything the generic trigger rejects itself)
            return 'pgq.logutriga';
        end if;
    end loop;

    select n.nspname || '.' || c.relname into tbl_name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.oid = tbl;
    select max(a.attnum) into last_attnum from pg_attribute a where a.attrelid = tbl and a.attnum > 0;
    if pkey_list is null then
        select array_agg(a.attname::text order by k.i) into key_names
          from pg_constraint p
         cross join unnest(p.conkey) with ordinality as k(attnum, i)
          join pg_attribute a on a.attrelid = p.conrelid and a.attnum = k.attnum
         where p.conrelid = tbl and p.contype = 'p';
        key_names := coalesce(key_names, '{}');
    else
        key_names := pkey_list;
        if exists (select 1 from unnest(pkey_list) as k(name)
                    where not exists (select 1 from pg_attribute a
                                       where a.attrelid = tbl and a.attname = k.name and a.attnum > 0 and not a.attisdropped)) then
            return 'pgq.logutriga';
        end if;
    end if;

    -- The text of a value is what its type's output function prints, as in the row's text form that
    -- the generic trigger reads (a cast to text can differ: bool gives 'true', inet adds '/32',
    -- char(n) drops trailing blanks). Its urlencoded form: the text itself for safe types; a
    -- replace() chain for types that print only a known few unsafe ASCII characters (inet and cidr
    -- ':' and '/', macaddr ':', float '+' of an exponent); pgq._urlencode for every other type.
    for col in
        select a.attname::text as name, coalesce(a.attname = any(ignore_list), false) as ignored,
               a.attname = any(key_names) as is_key,
               format('pg_catalog.textin(%I.%I(NEW.%I))', op.nspname, o.proname, a.attname) as new_text,
               format('pg_catalog.textin(%I.%I(OLD.%I))', op.nspname, o.proname, a.attname) as old_text,
               case when a.atttypid = any(safe_types) then '%s'
                    when a.atttypid in ('inet'::regtype, 'cidr'::regtype)
                        then 'pg_catalog.replace(pg_catalog.replace(%s, '':'', ''%%3a''), ''/'', ''%%2f'')'
                    when a.atttypid in ('macaddr'::regtype, 'macaddr8'::regtype)
                        then 'pg_catalog.replace(%s, '':'', ''%%3a'')'
                    when a.atttypid in ('float4'::regtype, 'float8'::regtype)
                        then 'pg_catalog.replace(%s, ''+'', ''%%2b'')'
                    when a.atttypid in ('date'::regtype, 'time'::regtype, 'timetz'::regtype, 'timestamp'::regtype,
                                        'timestamptz'::regtype, 'interval'::regtype)
                        then 'pgq._urlencode_datetime(%s)'
                    else 'pgq._urlencode(%s)' end as encode,
               -- these encodings mention the value several times: print it once into a variable
               -- (not worth it for the text types, whose output is a copy)
               a.atttypid not in ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype, 'name'::regtype)
                   and not a.atttypid = any(safe_types)
                   and a.atttypid not in ('inet'::regtype, 'cidr'::regtype, 'macaddr'::regtype, 'macaddr8'::regtype,
                                          'float4'::regtype, 'float8'::regtype) as printed_once,
               a.attnum
          from pg_attribute a
          join pg_type t on t.oid = a.atttypid
          join pg_proc o on o.oid = t.typoutput
          join pg_namespace op on op.oid = o.pronamespace
         where a.attrelid = tbl and a.attnum > 0 and not a.attisdropped
         order by a.attnum
    loop
        if not col.ignored then
            if col.printed_once then
                new_data := new_data || format(cell, pgq._urlencode(col.name), format(col.encode, 'n' || col.attnum));
                old_data := old_data || format(cell, pgq._urlencode(col.name), format(col.encode, 'o' || col.attnum));
                new_prints := new_prints || format('n%s := %s;', col.attnum, col.new_text);
                old_prints := old_prints || format('o%s := %s;', col.attnum, col.old_text);
                print_vars := print_vars || format(E'    n%1$s pg_catalog.text;\n    o%1$s pg_catalog.text;\n', col.attnum);
            else
                new_data := new_data || format(cell, pgq._urlencode(col.name), format(col.encode, col.new_text));
                old_data := old_data || format(cell, pgq._urlencode(col.name), format(col.encode, col.old_text));
            end if;
        end if;
        -- IS DISTINCT FROM without looking "=" up: the texts differ, or exactly one is NULL
        differs := format('coalesce(%1$s operator(pg_catalog.<>) %2$s, (%1$s is null) operator(pg_catalog.<>) (%2$s is null))',
                          col.new_text, col.old_text);
        if col.ignored then
            ignored_changed := ignored_changed || differs;
        else
            changed := changed || differs;
        end if;
        if col.is_key then
            key_changed := key_changed || differs;
        end if;
    end loop;
    -- the old key image, in key order (as the generic trigger writes it)
    select coalesce(array_agg(format(cell, pgq._urlencode(k.name),
                                     format('pgq._urlencode(pg_catalog.textin(%I.%I(OLD.%I)))', op.nspname, o.proname, k.name))
                              order by k.i), '{}')
      into old_keys
      from unnest(key_names) with ordinality as k(name, i)
      join pg_attribute a on a.attrelid = tbl and a.attname = k.name and a.attnum > 0 and not a.attisdropped
      join pg_type t on t.oid = a.atttypid
      join pg_proc o on o.oid = t.typoutput
      join pg_namespace op on op.oid = o.pronamespace;

    -- An UPDATE: only ignored columns changed -> no event; backup -> the old row in ev_extra2;
    -- otherwise a changed key -> the old key in ev_extra2 (see pgq.logutriga). The UPDATEs and
    -- DELETEs of a table without a key cannot be captured (the original's error).
    if cardinality(key_names) = 0 then
        update_code := 'raise exception ''Update/Delete on table without pkey'';';
        delete_code := update_code;
    else
        update_code := format('%s f_type := %L; f_data := %s;',
                              array_to_string(new_prints || case when backup then old_prints else '{}' end, ' '),
                              'U:' || array_to_string(key_names, ','),
                              coalesce(nullif(array_to_string(new_data, amp), ''), quote_literal('')));
        if cardinality(ignored_changed) > 0 then
            update_code := update_code || format(E'\n                if not (%s) and (%s) then\n                    return null;\n                end if;',
                                                 coalesce(nullif(array_to_string(changed, ' or '), ''), 'false'),
                                                 array_to_string(ignored_changed, ' or '));
        end if;
        if backup then
            update_code := update_code || format(' f_extra2 := %s;',
                                                 coalesce(nullif(array_to_string(old_data, amp), ''), quote_literal('')));
        else
            update_code := update_code || format(E'\n                if %s then\n                    f_extra2 := %s;\n                end if;',
                                                 array_to_string(key_changed, ' or '), array_to_string(old_keys, amp));
        end if;
        delete_code := format('%s f_type := %L; f_data := %s;', array_to_string(old_prints, ' '), 'D:' || array_to_string(key_names, ','),
                              coalesce(nullif(array_to_string(old_data, amp), ''), quote_literal('')));
    end if;

    -- Queueing with the queue's event tables written in (see "Queueing" above).
    select pgq.queue.queue_id, pgq.queue.queue_ntables, pgq.queue.queue_data_pfx,
           pgq.queue.queue_event_seq::regclass::oid as seq
      into q
      from pgq.queue where pgq.queue.queue_name = trigger_args[1];
    if found then
        queue_code := format(E'    select q.queue_id, q.queue_cur_table, q.queue_disable_insert, q.queue_per_tx_limit\n'
                              '      into queue_id, cur_table, disable_insert, per_tx_limit\n'
                              '      from pgq.queue q where q.queue_name operator(pg_catalog.=) %L;\n'
                              '    if queue_id operator(pg_catalog.=) %s and not disable_insert and per_tx_limit is null then\n',
                             queue_name, q.queue_id);
        for i in 0 .. q.queue_ntables - 1 loop
            queue_code := queue_code || format(
                E'        %s cur_table operator(pg_catalog.=) %s then\n'
                 '            insert into %s_%s (ev_id, ev_time, ev_type, ev_data, ev_extra1, ev_extra2)\n'
                 '            values (pg_catalog.nextval(%s::pg_catalog.oid::pg_catalog.regclass), pg_catalog.now(),\n'
                 '                    f_type, f_data, %s, f_extra2);\n'
                 '            return null;\n',
                case when i = 0 then 'if' else 'elsif' end, i, q.queue_data_pfx, i, q.seq, table_expr);
        end loop;
        queue_code := queue_code || E'        end if;\n    end if;\n';
    end if;

    -- One function per table and argument list.
    fname := format('pgq.%I', '_logutriga_' || tbl::oid || '_' || left(md5(array_to_string(trigger_args, chr(1))), 8));
    execute format($def$create or replace function %1$s()
returns trigger
language plpgsql security definer
as $body$
-- capture trigger of %2$s as of its last refresh, made by pgq.capture_trigger_function (see there)
-- signature %17$s
declare
    f_type pg_catalog.text;
    f_data pg_catalog.text;
    f_extra2 pg_catalog.text;
    made pg_catalog.bool := false;
    queue_id pg_catalog.int4;
    cur_table pg_catalog.int4;
    disable_insert pg_catalog.bool;
    per_tx_limit pg_catalog.int4;
%16$sbegin
    if TG_RELID operator(pg_catalog.<>) %3$s::pg_catalog.oid or TG_LEVEL operator(pg_catalog.<>) 'ROW'
       or TG_WHEN operator(pg_catalog.<>) 'AFTER' then
        raise exception 'capture function %% is made for AFTER ROW triggers on %%; use pgq.logutriga', %1$L, %2$L;
    end if;
    -- Changes applied by a replication worker are not captured again (see pgq.logutriga).
    if pg_catalog.current_setting('session_replication_role') operator(pg_catalog.=) 'local'
       or pg_catalog.current_setting('pgq.session_replication_role', true) operator(pg_catalog.=) any ('{local,replica}'::pg_catalog.text[]) then
        return null;
    end if;
    if pg_catalog.has_column_privilege(%3$s::pg_catalog.oid, %4$s::pg_catalog.int2, 'select') is null then
        begin
            if TG_OP operator(pg_catalog.=) 'INSERT' then
                %15$s f_type := %5$L; f_data := %6$s;
            elsif TG_OP operator(pg_catalog.=) 'UPDATE' then
                %7$s
            else
                %8$s
            end if;
            made := true;
        exception when undefined_column then
            made := false;
        end;
    end if;
    if not made then
        -- the table changed since the last refresh: the generic code
        select e.ev_type, e.ev_data, e.ev_extra2 into f_type, f_data, f_extra2
          from pgq._logutriga_event(TG_RELID, TG_OP, %9$s::pg_catalog.text[], %10$s::pg_catalog.text[], %11$s,
                                    case when TG_OP operator(pg_catalog.=) 'DELETE' then OLD::pg_catalog.text else NEW::pg_catalog.text end,
                                    case when TG_OP operator(pg_catalog.=) 'UPDATE' then OLD::pg_catalog.text end, false) as e;
        if f_type is null then
            return null;
        end if;
    end if;
%12$s    perform pgq.insert_event_raw(%13$L, null, pg_catalog.now(), null, null, f_type, f_data, %14$s, f_extra2, null, null);
    return null;
end;
$body$
$def$,
        fname, tbl_name, tbl::oid, last_attnum + 1,
        'I:' || array_to_string(key_names, ','),
        coalesce(nullif(array_to_string(new_data, amp), ''), quote_literal('')),
        update_code, delete_code,
        coalesce(quote_literal(pkey_list::text), 'null'), coalesce(quote_literal(ignore_list::text), 'null'), backup::text,
        queue_code, queue_name, table_expr, array_to_string(new_prints, ' '), print_vars,
        pgq._capture_signature(tbl, queue_name));
    execute format('comment on function %s() is %L', fname,
                   format('capture trigger of %s made by pgq.capture_trigger_function(%L)', tbl_name, trigger_args));
    return fname;
end;
$$;
