-- pgq.capture_trigger_function(tbl, trigger_args) -> the trigger function to use for capturing the
-- changes of table tbl with logutriga arguments trigger_args (queue name first, as for
-- pgq.logutriga): either 'pgq.logutriga' itself or a function made here for this table and these
-- arguments, which writes the same events several times faster.
--
-- Why: the generic trigger must find the table's columns and key at run time and format the row
-- from its composite text, which costs PL/pgSQL about 100 µs per row; PgQ's C trigger needs ~15.
-- The function made here has the column list, the key and the urlencoded column names written into
-- its code, reads NEW.col directly, urlencodes only columns whose type can print unsafe characters,
-- and queues through pgq.insert_event_raw without the extra security-definer hop.
--
-- Staying right when the table changes (ALTER TABLE without regenerating): the fast path is taken
-- only while no column exists beyond the last one the code knows (has_column_privilege on attnum N+1
-- is NULL exactly when that column does not exist: a syscache lookup, no query) and every column it
-- reads still exists under its name (a dropped or renamed column raises undefined_column inside a
-- block that holds no writes, so no subtransaction id is taken). Otherwise the row goes to the
-- generic pgq.logutriga code, which is the body of the made function after the fast path: the same
-- events, only slower. pgq.refresh_capture_functions() remakes every made function from the current
-- table definitions (after DDL, e.g. by `londiste execute`). A changed primary key is the one change
-- not detected by itself: the key names stay those of the last refresh.
--
-- Only AFTER ROW triggers without SKIP, deny, when= or ev_*= expressions get a fast path (the rest
-- keeps pgq.logutriga): expressions must run as the invoking user, and the made function is a
-- security definer so that any role writing the table can queue (as through pgq.insert_event).
-- For the same reason it runs with search_path pg_catalog, pg_temp, so no operator or function in
-- it can be taken over by a caller's schema.
create or replace function pgq.capture_trigger_function(tbl regclass, trigger_args text[])
returns text
language plpgsql
set search_path = pg_catalog
as $$
declare
    queue_name text := trigger_args[1];
    arg text;
    ignore_list text[] := '{}';
    pkey_list text[];
    backup boolean := false;
    fname text;
    tbl_name text;
    last_attnum int;
    key_names text[];
    col record;
    new_text text;
    old_text text;
    new_data text[] := '{}';
    old_data text[] := '{}';
    old_keys text[] := '{}';
    changed text[] := '{}';
    ignored_changed text[] := '{}';
    key_changed text[] := '{}';
    update_code text;
    fast text;
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
    -- char(n) drops trailing blanks).
    for col in
        select a.attname::text as name, a.attname = any(ignore_list) as ignored, a.atttypid = any(safe_types) as safe,
               a.attname = any(key_names) as is_key, format('%I.%I', op.nspname, o.proname) as out_fn
          from pg_attribute a
          join pg_type t on t.oid = a.atttypid
          join pg_proc o on o.oid = t.typoutput
          join pg_namespace op on op.oid = o.pronamespace
         where a.attrelid = tbl and a.attnum > 0 and not a.attisdropped
         order by a.attnum
    loop
        new_text := format('textin(%s(NEW.%I))', col.out_fn, col.name);
        old_text := format('textin(%s(OLD.%I))', col.out_fn, col.name);
        if col.ignored then
            ignored_changed := ignored_changed || format('%s is distinct from %s', new_text, old_text);
        else
            new_data := new_data || format('%L || coalesce(%L || %s, %L)', pgq._urlencode(col.name), '=',
                                           case when col.safe then new_text else format('pgq._urlencode(%s)', new_text) end, '');
            old_data := old_data || format('%L || coalesce(%L || %s, %L)', pgq._urlencode(col.name), '=',
                                           case when col.safe then old_text else format('pgq._urlencode(%s)', old_text) end, '');
            changed := changed || format('%s is distinct from %s', new_text, old_text);
        end if;
        if col.is_key then
            key_changed := key_changed || format('%s is distinct from %s', new_text, old_text);
        end if;
    end loop;
    -- the old key image, in key order (as the generic trigger writes it)
    select coalesce(array_agg(format('%L || coalesce(%L || pgq._urlencode(textin(%I.%I(OLD.%I))), %L)',
                                     pgq._urlencode(k.name), '=', op.nspname, o.proname, k.name, '') order by k.i), '{}')
      into old_keys
      from unnest(key_names) with ordinality as k(name, i)
      join pg_attribute a on a.attrelid = tbl and a.attname = k.name and a.attnum > 0 and not a.attisdropped
      join pg_type t on t.oid = a.atttypid
      join pg_proc o on o.oid = t.typoutput
      join pg_namespace op on op.oid = o.pronamespace;

    -- An UPDATE: only ignored columns changed -> no event; backup -> the old row in ev_extra2;
    -- otherwise a changed key -> the old key in ev_extra2 (see pgq.logutriga).
    update_code := format('fast_type := %L; fast_data := %s;', 'U:' || array_to_string(key_names, ','),
                          coalesce(nullif(array_to_string(new_data, ' || ''&'' || '), ''), quote_literal('')));
    if cardinality(ignored_changed) > 0 then
        update_code := update_code || format(E'\n                if not (%s) and (%s) then\n                    return null;\n                end if;',
                                             coalesce(nullif(array_to_string(changed, ' or '), ''), 'false'),
                                             array_to_string(ignored_changed, ' or '));
    end if;
    if backup then
        update_code := update_code || format(' fast_extra2 := %s;',
                                             coalesce(nullif(array_to_string(old_data, ' || ''&'' || '), ''), quote_literal('')));
    elsif cardinality(key_names) > 0 then
        update_code := update_code || format(E'\n                if %s then\n                    fast_extra2 := %s;\n                end if;',
                                             array_to_string(key_changed, ' or '), array_to_string(old_keys, ' || ''&'' || '));
    end if;

    fast := format($fast$
    -- fast path for %1$s as of its last refresh (see pgq.capture_trigger_function)
    if TG_LEVEL = 'ROW' and TG_WHEN = 'AFTER' and TG_RELID = %2$s::oid
       and has_column_privilege(%2$s::oid, %3$s::int2, 'select') is null
       and (TG_OP = 'INSERT' or %4$L)
       and current_setting('session_replication_role') <> 'local'
       and coalesce(current_setting('pgq.session_replication_role', true), '') not in ('local', 'replica') then
        begin
            if TG_OP = 'INSERT' then
                fast_type := %5$L; fast_data := %6$s;
            elsif TG_OP = 'UPDATE' then
                %7$s
            else
                fast_type := %8$L; fast_data := %9$s;
            end if;
            fast_ok := true;
        exception when undefined_column then
            fast_ok := false;
        end;
        if fast_ok then
            perform pgq.insert_event_raw(%10$L, null, now(), null, null, fast_type, fast_data, %11$L, fast_extra2, null, null);
            return null;
        end if;
    end if;
$fast$, tbl_name, tbl::oid, last_attnum + 1, cardinality(key_names) > 0,
        'I:' || array_to_string(key_names, ','),
        coalesce(nullif(array_to_string(new_data, ' || ''&'' || '), ''), quote_literal('')),
        update_code,
        'D:' || array_to_string(key_names, ','),
        coalesce(nullif(array_to_string(old_data, ' || ''&'' || '), ''), quote_literal('')),
        queue_name, tbl_name);

    -- One function per table and argument list; the generic trigger's own code follows the fast path
    -- as a nested block, so both always come from the installed pgq.logutriga.
    fname := format('pgq.%I', '_logutriga_' || tbl::oid || '_' || left(md5(array_to_string(trigger_args, chr(1))), 8));
    execute format($def$create or replace function %s()
returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as %L$def$, fname,
        E'\ndeclare\n    fast_type text;\n    fast_data text;\n    fast_extra2 text;\n    fast_ok boolean;\nbegin' || fast
        || (select p.prosrc from pg_proc p where p.oid = 'pgq.logutriga()'::regprocedure) || E'\nend;\n');
    execute format('comment on function %s() is %L', fname,
                   format('capture trigger of %s made by pgq.capture_trigger_function(%L)', tbl_name, trigger_args));
    return fname;
end;
$$;
