-- pgq.capture_trigger_function(tbl, trigger_args) -> the trigger function to use for capturing the
-- changes of table tbl with logutriga arguments trigger_args (queue name first, as for
-- pgq.logutriga): either 'pgq.logutriga' itself or a function made here for this table and these
-- arguments, which writes the same events several times faster.
--
-- Why: the generic trigger must find the table's columns and key at run time and format the row
-- from its composite text, which costs PL/pgSQL about 100 µs per row; PgQ's C trigger needs ~15.
-- The function made here has the column list, the key and the column names written into its code,
-- reads NEW.col directly, prints and urlencodes a row with as few expressions as it can (see "Cost
-- per transaction"), and queues the event itself with the queue's event tables written in, so every
-- statement has a cached plan and no further PL/pgSQL function is entered (see "Queueing" below).
--
-- Cost per transaction: PL/pgSQL initialises every expression it evaluates once per transaction
-- (ExecInitExpr, a privilege check and fmgr lookup for every function and operator node, plan
-- revalidation), and a statement (the INSERT) starts an executor on every call. In the seed's
-- transactions (one captured row each) that, not the per-row work, is what the trigger costs. Measured with callgrind (instructions per one-row UPDATE transaction of the seed's
-- user_session, trigger's share): the earlier design with one expression per printed value and an
-- inlined pgq._urlencode_datetime per date/time column (CASE + regex + a fallback that inlined all of
-- pgq._urlencode) 298k, the original's C trigger 133k, this one 142k (an INSERT into the seed's
-- user_login_rec: 204k, 125k, 115k; bench/results/capture-instructions-2026-11-25.md and
-- capture-tx-2026-11-24.md); per row in a multi-row transaction it costs less than the C trigger,
-- which reads the queue's row for every event. So, on the common path:
--   * one expression per row image: consecutive columns of types with a known small output alphabet
--     (integers, numeric, bool, uuid, floats, inet/cidr, macaddr, date/time types, interval) and
--     plain names become concat_ws('&', concat_ws('=', 'name', NEW.col), ...) inside one replace()
--     chain for just the characters those types can print (pgq._capture_image); no regex guard
--     (a guard on the whole image cost ~25k instructions a row). timestamptz prints a zone
--     abbreviation, which under a non-ISO DateStyle can be any text ('<a&b>+3' is a valid zone):
--     such a session takes the generic path for tables with timestamptz columns;
--   * an UPDATE's old key: CASE WHEN NEW.k <> OLD.k THEN old key image END for NOT NULL keys of types
--     whose "<>" (schema-qualified) tells a change exactly as their texts would, written into the
--     INSERT's VALUES (no expression of its own); otherwise one expression, the old key image unless
--     it equals the new one ((array_remove(array[old], new))[1], text equality without looking "="
--     up; ~13k instructions against ~4k);
--   * one expression for all run-time checks (trigger kind, replication role, added column, the
--     table's name), which are told apart only when it is true;
--   * ev_extra1 and ev_type constants in the INSERT of each operation's own queueing code (building
--     the name from TG_TABLE_SCHEMA/TG_TABLE_NAME in the INSERT cost ~4.7k a row);
--   * no read of the queue's row (see "Queueing");
--   * the table's name checked as two name comparisons, without building the text (~2.8k).
-- Tried and dropped: INSERT ... SELECT FROM pgq.queue WHERE queue_cur_table = N (one statement
-- instead of two, but dearer than SELECT + INSERT VALUES even when it hits); format() with
-- '=' || NEW.col per column (about the same as concat_ws); dropping the exception block (~1k).
-- What remains is PL/pgSQL's own: ~15k to enter the function, ~2.5k per further expression, and
-- an INSERT executor start; with no queue-row read it adds up to about the C trigger's instructions
-- (bench/results/capture-one-row-tx-*.md).
--
-- Staying right when the table changes (ALTER TABLE without regenerating): the fast path is taken
-- only while no column exists beyond the last one the code knows (has_column_privilege on attnum N+1
-- is NULL exactly when that column does not exist: a syscache lookup, no query) and every column it
-- reads still exists under its name (a dropped or renamed column raises undefined_column inside a
-- block that holds no writes, so no subtransaction id is taken) with the type the session's cached
-- plans were made for (a column retyped after they were made raises datatype_mismatch there).
-- Otherwise (see "Cost per transaction": the one expression that covers them all, and the DateStyle
-- check for timestamptz) the row goes through
-- pgq._logutriga_event, the generic code of pgq.logutriga: the same events, only slower. The table's
-- name (ev_extra1) is written into the INSERTs and checked against TG_TABLE_SCHEMA and TG_TABLE_NAME
-- in that one expression (cheaper than building it in every INSERT), so a renamed table goes the
-- generic way until the refresh (the name is in the signature).
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
-- Queueing: one INSERT into the queue's view pgq.event_<id>_current, whose plan PL/pgSQL caches and
-- the planner writes straight into the current event table; the rotation re-points the view, which
-- re-plans it (pgq._refresh_event_view tells why that is safer than reading queue_cur_table, and
-- how the view routes events through pgq.insert_event_raw while the queue refuses inserts or limits
-- them per transaction). Reading the queue's row first, as pgq.insert_event_raw and the C trigger
-- do, cost ~25k instructions of a one-row transaction's ~145k. The event sequence is written in
-- by OID. A queue dropped and created again gets a new id, view and sequence: create_queue and
-- drop_queue remake the made functions of their queue (see there); without a queue at making time
-- the code calls pgq.insert_event_raw, which raises the original's error.
create or replace function pgq.capture_trigger_function(tbl regclass, trigger_args text[])
returns text
language plpgsql
set search_path = pg_catalog
as $$
declare
    body text;
    tag text;
    queue_name text := trigger_args[1];
    arg text;
    ignore_list text[];
    pkey_list text[];
    backup boolean := false;
    fname text;
    tbl_name text;
    tbl_schema name;
    tbl_relname name;
    last_attnum int;
    key_names text[];
    col record;
    q record;
    differs text;
    -- one piece per column (see pgq._capture_image) for the row images and for the key images
    new_pieces text[] := '{}';
    old_pieces text[] := '{}';
    chained boolean[] := '{}';
    piece_chars text[] := '{}';
    new_key_pieces text[] := '{}';
    old_key_pieces text[] := '{}';
    key_chained boolean[] := '{}';
    key_chars text[] := '{}';
    has_tz boolean := false;
    key_ne text[] := '{}';
    exact_keys boolean := true;
    changed text[] := '{}';
    ignored_changed text[] := '{}';
    new_prints text[] := '{}';
    old_prints text[] := '{}';
    print_vars text := '';
    insert_code text;
    update_code text;
    delete_code text;
    generic_code text;
    queue_code text;
    update_extra2 text := 'f_extra2';
    queue_codes text[] := '{}';
    checks text;
    table_expr constant text := 'TG_TABLE_SCHEMA operator(pg_catalog.||) ''.'' operator(pg_catalog.||) TG_TABLE_NAME';
    -- 'name' || coalesce('=' || value, ''): NULL is the bare name, '' is 'name='
    cell constant text := '%L operator(pg_catalog.||) coalesce(''='' operator(pg_catalog.||) %s, '''')';
    -- types whose text output only has characters urlencoding keeps ([0-9A-Za-z_.-])
    safe_types constant oid[] := array['int2', 'int4', 'int8', 'oid', 'bool', 'numeric', 'uuid']::regtype[]::oid[];
    -- a chained piece of a row image: the bare name for NULL, name=text otherwise
    chain_piece constant text := 'pg_catalog.concat_ws(''='', %L, %s.%I)';
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

    select n.nspname || '.' || c.relname, n.nspname, c.relname into tbl_name, tbl_schema, tbl_relname
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
    -- The text of a value is what its type's output function prints, as in the row's text form that
    -- the generic trigger reads (a cast to text can differ: bool gives 'true', inet adds '/32',
    -- char(n) drops trailing blanks); concat_ws prints its arguments with the output function too.
    -- A column of a type with a known small output alphabet and a name that needs no encoding is a
    -- "chained" piece, concat_ws('=', 'name', NEW.col), urlencoded together with its neighbours by
    -- one replace() chain (see pgq._capture_image). Any other column is encoded by itself through
    -- pgq._urlencode (printed once into a variable when printing is more than a copy, as the inlined
    -- encoder mentions its argument several times).
    for col in
        select a.attname::text as name, coalesce(a.attname = any(ignore_list), false) as ignored,
               a.attname ~ '^[0-9A-Za-z_.-]+$' as plain_name,
               case when a.atttypid = any(safe_types) then ''
                    when a.atttypid in ('float4'::regtype, 'float8'::regtype) then '+'
                    when a.atttypid in ('inet'::regtype, 'cidr'::regtype) then ':/'
                    when a.atttypid in ('macaddr'::regtype, 'macaddr8'::regtype) then ':'
                    when a.atttypid = 'date'::regtype then ' /'
                    when a.atttypid = 'time'::regtype then ':'
                    when a.atttypid = 'timetz'::regtype then ':+'
                    when a.atttypid = 'timestamp'::regtype then ' :/'
                    when a.atttypid = 'timestamptz'::regtype then ' :/+'
                    when a.atttypid = 'interval'::regtype then ' :+@'
               end as chars,
               a.atttypid = 'timestamptz'::regtype as is_tz,
               format('pg_catalog.textin(%I.%I(NEW.%I))', op.nspname, o.proname, a.attname) as new_text,
               format('pg_catalog.textin(%I.%I(OLD.%I))', op.nspname, o.proname, a.attname) as old_text,
               a.atttypid not in ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype, 'name'::regtype) as printed_once,
               a.attnum
          from pg_attribute a
          join pg_type t on t.oid = a.atttypid
          join pg_proc o on o.oid = t.typoutput
          join pg_namespace op on op.oid = o.pronamespace
         where a.attrelid = tbl and a.attnum > 0 and not a.attisdropped
         order by a.attnum
    loop
        if not col.ignored then
            if col.chars is not null and col.plain_name then
                new_pieces := new_pieces || format(chain_piece, col.name, 'NEW', col.name);
                old_pieces := old_pieces || format(chain_piece, col.name, 'OLD', col.name);
                chained := chained || true;
                piece_chars := piece_chars || col.chars;
                has_tz := has_tz or col.is_tz;
            elsif col.printed_once then
                new_pieces := new_pieces || format(cell, pgq._urlencode(col.name), format('pgq._urlencode(n%s)', col.attnum));
                old_pieces := old_pieces || format(cell, pgq._urlencode(col.name), format('pgq._urlencode(o%s)', col.attnum));
                chained := chained || false;
                piece_chars := piece_chars || ''::text;
                new_prints := new_prints || format('n%s := %s;', col.attnum, col.new_text);
                old_prints := old_prints || format('o%s := %s;', col.attnum, col.old_text);
                print_vars := print_vars || format(E'    n%1$s pg_catalog.text;\n    o%1$s pg_catalog.text;\n', col.attnum);
            else
                new_pieces := new_pieces || format(cell, pgq._urlencode(col.name), format('pgq._urlencode(%s)', col.new_text));
                old_pieces := old_pieces || format(cell, pgq._urlencode(col.name), format('pgq._urlencode(%s)', col.old_text));
                chained := chained || false;
                piece_chars := piece_chars || ''::text;
            end if;
        end if;
        -- IS DISTINCT FROM without looking "=" up: the texts differ, or exactly one is NULL (for
        -- the ignore= check only)
        differs := format('coalesce(%1$s operator(pg_catalog.<>) %2$s, (%1$s is null) operator(pg_catalog.<>) (%2$s is null))',
                          col.new_text, col.old_text);
        if col.ignored then
            ignored_changed := ignored_changed || differs;
        else
            changed := changed || differs;
        end if;
    end loop;
    -- The key images, in key order (the old one as the generic trigger writes it). A timestamptz key
    -- is encoded by itself, so the images never depend on the DateStyle check below.
    for col in
        select k.name, k.name ~ '^[0-9A-Za-z_.-]+$' as plain_name,
               case when a.atttypid = any(safe_types) then ''
                    when a.atttypid in ('float4'::regtype, 'float8'::regtype) then '+'
                    when a.atttypid in ('inet'::regtype, 'cidr'::regtype) then ':/'
                    when a.atttypid in ('macaddr'::regtype, 'macaddr8'::regtype) then ':'
                    when a.atttypid in ('date'::regtype, 'time'::regtype, 'timetz'::regtype, 'timestamp'::regtype,
                                        'interval'::regtype) then ' :/+@'
               end as chars,
               format('pg_catalog.textin(%I.%I(NEW.%I))', op.nspname, o.proname, k.name) as new_text,
               format('pg_catalog.textin(%I.%I(OLD.%I))', op.nspname, o.proname, k.name) as old_text,
               -- "<>" tells a change exactly as the texts would (equal values print alike; not so
               -- for numeric 1.0 = 1.00, float -0 = 0, interval '1 day' = '24 hours', text under a
               -- nondeterministic collation, ...)
               a.attnotnull and a.atttypid in ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'oid'::regtype,
                                               'bool'::regtype, 'uuid'::regtype, 'date'::regtype, 'time'::regtype,
                                               'timestamp'::regtype, 'timestamptz'::regtype, 'inet'::regtype,
                                               'macaddr'::regtype, 'macaddr8'::regtype) as exact_ne
          from unnest(key_names) with ordinality as k(name, i)
          join pg_attribute a on a.attrelid = tbl and a.attname = k.name and a.attnum > 0 and not a.attisdropped
          join pg_type t on t.oid = a.atttypid
          join pg_proc o on o.oid = t.typoutput
          join pg_namespace op on op.oid = o.pronamespace
         order by k.i
    loop
        if col.exact_ne then
            key_ne := key_ne || format('NEW.%1$I operator(pg_catalog.<>) OLD.%1$I', col.name);
        else
            key_ne := null;
            exact_keys := false;
        end if;
        if col.chars is not null and col.plain_name then
            new_key_pieces := new_key_pieces || format(chain_piece, col.name, 'NEW', col.name);
            old_key_pieces := old_key_pieces || format(chain_piece, col.name, 'OLD', col.name);
            key_chained := key_chained || true;
            key_chars := key_chars || col.chars;
        else
            new_key_pieces := new_key_pieces || format(cell, pgq._urlencode(col.name), format('pgq._urlencode(%s)', col.new_text));
            old_key_pieces := old_key_pieces || format(cell, pgq._urlencode(col.name), format('pgq._urlencode(%s)', col.old_text));
            key_chained := key_chained || false;
            key_chars := key_chars || ''::text;
        end if;
    end loop;

    -- The generic code, for whatever the fast path was not written for.
    generic_code := format(
        E'select e.ev_type, e.ev_data, e.ev_extra2 into f_type, f_data, f_extra2\n'
         '              from pgq._logutriga_event(TG_RELID, TG_OP, %s::pg_catalog.text[], %s::pg_catalog.text[], %s,\n'
         '                                        case when TG_OP operator(pg_catalog.=) ''DELETE'' then OLD::pg_catalog.text else NEW::pg_catalog.text end,\n'
         '                                        case when TG_OP operator(pg_catalog.=) ''UPDATE'' then OLD::pg_catalog.text end, false) as e;\n'
         '            if f_type is not null then\n'
         '                perform pgq.insert_event_raw(%L, null, pg_catalog.now(), null, null, f_type, f_data, %s, f_extra2, null, null);\n'
         '            end if;\n'
         '            return null;',
        coalesce(quote_literal(pkey_list::text), 'null'), coalesce(quote_literal(ignore_list::text), 'null'), backup::text,
        queue_name, table_expr);

    -- Queueing, per operation with its ev_type written into the INSERTs (see "Queueing" above).
    select pgq.queue.queue_id, pgq.queue.queue_data_pfx, pgq.queue.queue_event_seq::regclass::oid as seq
      into q
      from pgq.queue where pgq.queue.queue_name = trigger_args[1];
    -- An UPDATE's old key (see "Cost per transaction") goes into the INSERT itself when "<>" tells a
    -- key change: one PL/pgSQL expression less per row. Safe outside the block that catches a changed
    -- column: the row image before it reads the same key fields, from the same row type, and so
    -- raises first.
    if cardinality(key_names) > 0 and exact_keys and not backup then
        update_extra2 := format('case when %s then %s end', array_to_string(key_ne, ' or '),
                                pgq._capture_image(old_key_pieces, key_chained, key_chars));
    end if;
    foreach arg in array array['I', 'U', 'D'] loop
        if q.queue_id is not null then
            queue_code := format(
                E'        insert into %s_current (ev_id, ev_time, ev_type, ev_data, ev_extra1, ev_extra2)\n'
                 '            values (pg_catalog.nextval(%s::pg_catalog.oid::pg_catalog.regclass), pg_catalog.now(),\n'
                 '                    %L, f_data, %L, %s);',
                q.queue_data_pfx, q.seq, arg || ':' || array_to_string(key_names, ','), tbl_name,
                case when arg = 'U' then update_extra2 else 'f_extra2' end);
        else
            -- no such queue (yet): pgq.insert_event_raw raises the original's error; create_queue remakes us
            queue_code := format(
                '        perform pgq.insert_event_raw(%L, null, pg_catalog.now(), null, null, %L, f_data, %s, f_extra2, null, null);',
                queue_name, arg || ':' || array_to_string(key_names, ','), table_expr);
        end if;
        queue_codes := queue_codes || queue_code;
    end loop;

    -- Per operation: the event's fields in a block that holds no writes (a dropped or renamed column
    -- raises undefined_column there, and the row goes the generic way), then the queueing.
    -- An UPDATE: only ignored columns changed -> no event; backup -> the old row in ev_extra2;
    -- otherwise a changed key -> the old key in ev_extra2 (see pgq.logutriga): the old key image
    -- unless it equals the new one (see "Cost per transaction"). The
    -- UPDATEs and DELETEs of a table without a key cannot be captured (the original's error).
    insert_code := format(E'begin\n            %s f_data := %s;\n'
                           '        exception when undefined_column or datatype_mismatch then\n            %s\n        end;\n%s',
                          array_to_string(new_prints, ' '), pgq._capture_image(new_pieces, chained, piece_chars),
                          generic_code, queue_codes[1]);
    if cardinality(key_names) = 0 then
        update_code := 'raise exception ''Update/Delete on table without pkey'';';
        delete_code := update_code;
    else
        update_code := format('%s f_data := %s;', array_to_string(new_prints || case when backup then old_prints else '{}' end, ' '),
                              pgq._capture_image(new_pieces, chained, piece_chars));
        if cardinality(ignored_changed) > 0 then
            update_code := format(E'if not (%s) and (%s) then\n                return null;\n            end if;\n            ',
                                  coalesce(nullif(array_to_string(changed, ' or '), ''), 'false'),
                                  array_to_string(ignored_changed, ' or ')) || update_code;
        end if;
        -- (with exact keys and no backup the old key is computed in the INSERT: update_extra2)
        if backup then
            update_code := update_code || format(E'\n            f_extra2 := %s;', pgq._capture_image(old_pieces, chained, piece_chars));
        elsif not exact_keys then
            update_code := update_code || format(E'\n            f_extra2 := (pg_catalog.array_remove(array[%s], %s))[1];',
                                                 pgq._capture_image(old_key_pieces, key_chained, key_chars),
                                                 pgq._capture_image(new_key_pieces, key_chained, key_chars));
        end if;
        update_code := format(E'begin\n            %s\n        exception when undefined_column or datatype_mismatch then\n            %s\n        end;\n%s',
                              update_code, generic_code, queue_codes[2]);
        delete_code := format(E'begin\n            %s f_data := %s;\n'
                               '        exception when undefined_column or datatype_mismatch then\n            %s\n        end;\n%s',
                              array_to_string(old_prints, ' '), pgq._capture_image(old_pieces, chained, piece_chars),
                              generic_code, queue_codes[3]);
    end if;

    -- The run-time checks, one expression on the common path (see "Cost per transaction").
    checks := format(E'TG_RELID operator(pg_catalog.<>) %1$s::pg_catalog.oid or TG_LEVEL operator(pg_catalog.<>) ''ROW''\n'
                      '       or TG_WHEN operator(pg_catalog.<>) ''AFTER''\n'
                      '       or pg_catalog.current_setting(''session_replication_role'') operator(pg_catalog.=) ''local''\n'
                      '       or pg_catalog.current_setting(''pgq.session_replication_role'', true) operator(pg_catalog.=) any (''{local,replica}''::pg_catalog.text[])\n'
                      '       or pg_catalog.has_column_privilege(%1$s::pg_catalog.oid, %2$s::pg_catalog.int2, ''select'') is not null\n'
                      '       or TG_TABLE_NAME operator(pg_catalog.<>) %3$L::pg_catalog.name or TG_TABLE_SCHEMA operator(pg_catalog.<>) %4$L::pg_catalog.name',
                     tbl::oid, last_attnum + 1, tbl_relname, tbl_schema);
    if has_tz then
        checks := checks || E'\n       or pg_catalog.current_setting(''DateStyle'') operator(pg_catalog.!~~) ''ISO%''';
    end if;

    -- One function per table and argument list.
    fname := format('pgq.%I', '_logutriga_' || tbl::oid || '_' || left(md5(array_to_string(trigger_args, chr(1))), 8));
    -- Names reach the code only quoted (%I, %L), except in the first comment line, which gets them without line
    -- breaks; the body goes between dollar quotes whose tag it does not contain. So a table or column named
    -- e.g. "x$body$ ..." or holding a line break cannot end the body or the comment and inject code that would run
    -- as whoever makes the function.
    body := format($def$
-- capture trigger of %11$s as of its last refresh, made by pgq.capture_trigger_function (see there)
-- signature %9$s
declare
    f_type pg_catalog.text;
    f_data pg_catalog.text;
    f_extra2 pg_catalog.text;
%8$sbegin
    if %3$s then
        if TG_RELID operator(pg_catalog.<>) %4$s::pg_catalog.oid or TG_LEVEL operator(pg_catalog.<>) 'ROW'
           or TG_WHEN operator(pg_catalog.<>) 'AFTER' then
            raise exception 'capture function %% is made for AFTER ROW triggers on %%; use pgq.logutriga', %1$L, %2$L;
        end if;
        -- Changes applied by a replication worker are not captured again (see pgq.logutriga).
        if pg_catalog.current_setting('session_replication_role') operator(pg_catalog.=) 'local'
           or pg_catalog.current_setting('pgq.session_replication_role', true) operator(pg_catalog.=) any ('{local,replica}'::pg_catalog.text[]) then
            return null;
        end if;
        -- a column was added or the table renamed since the last refresh, or a DateStyle that prints
        -- zone names: the generic code
        %7$s
    end if;
    if TG_OP operator(pg_catalog.=) 'INSERT' then
        %5$s
    elsif TG_OP operator(pg_catalog.=) 'UPDATE' then
        %6$s
    else
        %10$s
    end if;
    return null;
end;
$def$,
        fname, tbl_name, checks, tbl::oid, insert_code, update_code, generic_code, print_vars,
        pgq._capture_signature(tbl, queue_name), delete_code, translate(tbl_name, E'\r\n', '  '));
    tag := '$body$';
    while strpos(body, tag) > 0 loop
        tag := '$body' || (random() * 1e9)::bigint || '$';
    end loop;
    execute format('create or replace function %s() returns trigger language plpgsql security definer as %s%s%s',
                   fname, tag, body, tag);
    execute format('comment on function %s() is %L', fname,
                   format('capture trigger of %s made by pgq.capture_trigger_function(%L)', tbl_name, trigger_args));
    return fname;
end;
$$;
