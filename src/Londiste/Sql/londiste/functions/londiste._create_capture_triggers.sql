-- The one place that creates the capture triggers of a table; everything that registers or
-- re-handles a table comes here (through londiste.create_trigger).
--
-- On the dest table (i_dest_table, the local name of the queue-wide i_table_name) it creates:
--   "_londiste_<queue>"            row trigger, AFTER INSERT OR UPDATE OR DELETE by default,
--                                  pgq.logutriga('<queue>', <trigger args>...);
--   "_londiste_<queue>_truncate"   AFTER TRUNCATE statement trigger (only if missing).
-- i_trg_args mixes trigger arguments with add-table options:
--   tgflags=<letters>  B/A before/after, I/U/D events, L/Q/J logutriga/sqltriga/jsontriga, S skip;
--   skip (any case)    a SKIP trigger: BEFORE trigger named "zzz__londiste_<queue>" that queues the
--                      change and skips it locally (an existing SKIP trigger is renamed to zzz_...);
--   no_triggers, virtual_table   no trigger at all (201);
--   expect_sync, skip_truncate, merge_all, no_merge   add-table options, not passed on;
--   anything else (pkey=, ignore=, backup, when=, ev_*=...)   passed to the trigger function.
-- A renamed table (dest differs) gets ev_extra1=<queue-wide name> unless the args set ev_extra1.
-- On a leaf the triggers also get 'deny' (local writes to a replica are refused); a leaf without
-- PgQ's trigger functions gets none (201).
-- Returns 200 'OK' with the row trigger's name, 201 (not created), 403 (AFTER trigger next to a
-- SKIP trigger, which would never see the skipped rows), 404 (the trigger function does not exist),
-- 405 (several SKIP triggers).
create or replace function londiste._create_capture_triggers(
    in i_queue_name text,
    in i_table_name text,
    in i_trg_args text[],
    in i_dest_table text,
    in i_node_type text,
    out ret_code int4,
    out ret_note text,
    out trigger_name text)
language plpgsql
as $$
declare
    skip_prefix constant text := 'zzz_';
    arg text;
    flags text := '';
    args text[] := '{}';
    extra_args text[] := '{}';
    skip boolean := false;
    no_triggers boolean := false;
    has_extra1 boolean := false;
    timing text := 'after';
    func text := 'pgq.logutriga';
    events text[] := '{}';
    rel oid := londiste.find_table_oid(i_dest_table);
    target text := londiste.quote_fqname(i_dest_table);
    skip_count int4 := 0;
    skip_name text;
    truncate_name text := '_londiste_' || i_queue_name || '_truncate';
    truncate_func text;
begin
    foreach arg in array coalesce(i_trg_args, '{}') loop
        if arg like 'tgflags=%' then
            flags := flags || upper(substr(arg, 9));
        elsif arg in ('no_triggers', 'virtual_table') then
            no_triggers := true;
        elsif lower(arg) = 'skip' then
            skip := true;
        elsif arg in ('expect_sync', 'skip_truncate', 'merge_all', 'no_merge') then
            null;
        else
            has_extra1 := has_extra1 or arg like 'ev_extra1=%';
            args := args || arg;
        end if;
    end loop;

    if no_triggers then
        ret_code := 201;
        ret_note := 'Trigger not created';
        return;
    end if;

    if i_dest_table <> i_table_name and not has_extra1 then
        -- The subscribers know the table by its queue-wide name, not by the local one.
        args := args || ('ev_extra1=' || quote_literal(i_table_name));
    end if;

    -- When letters of one kind conflict, A wins over B and J over L over Q, whatever their order.
    if strpos(flags, 'B') > 0 then timing := 'before'; end if;
    if strpos(flags, 'A') > 0 then timing := 'after'; end if;
    if strpos(flags, 'Q') > 0 then func := 'pgq.sqltriga'; end if;
    if strpos(flags, 'L') > 0 then func := 'pgq.logutriga'; end if;
    if strpos(flags, 'J') > 0 then func := 'pgq.jsontriga'; end if;
    if strpos(flags, 'I') > 0 then events := events || 'insert'::text; end if;
    if strpos(flags, 'U') > 0 then events := events || 'update'::text; end if;
    if strpos(flags, 'D') > 0 then events := events || 'delete'::text; end if;
    if strpos(flags, 'S') > 0 then skip := true; end if;
    if cardinality(events) = 0 then
        events := array['insert', 'update', 'delete'];
    end if;

    if i_node_type = 'leaf' then
        if to_regproc('pgq.logutriga') is null and to_regproc('pgq.sqltriga') is null
           and to_regproc('pgq.jsontriga') is null then
            ret_code := 201;
            ret_note := 'Trigger not created';
            return;
        end if;
        extra_args := array['deny'];
    end if;

    if to_regproc(func) is null then
        -- Our own pgq may lack sqltriga / jsontriga; say so instead of failing in CREATE TRIGGER.
        ret_code := 404;
        ret_note := 'Trigger function ' || func || ' does not exist';
        return;
    end if;

    -- An ordinary AFTER row trigger in the urlencoded format gets the per-table function
    -- pgq.capture_trigger_function makes (same events, several times cheaper); it answers
    -- pgq.logutriga itself for arguments its fast path does not cover.
    if func = 'pgq.logutriga' and timing = 'after' and not skip and cardinality(extra_args) = 0
       and to_regproc('pgq.capture_trigger_function') is not null then
        func := pgq.capture_trigger_function(rel, array[i_queue_name] || args);
    end if;
    -- The same for the JSON and SQL formats (tgflags J / Q), through their generators.
    if func in ('pgq.jsontriga', 'pgq.sqltriga') and timing = 'after' and not skip and cardinality(extra_args) = 0
       and to_regproc('pgq.capture_' || substr(func, 5) || '_function') is not null then
        execute format('select pgq.%I($1, $2)', 'capture_' || substr(func, 5) || '_function')
           into func using rel, array[i_queue_name] || args;
    end if;

    trigger_name := '_londiste_' || i_queue_name;

    select count(*), min(g.tgname) into skip_count, skip_name
      from pg_catalog.pg_trigger g
     where g.tgrelid = rel
       and position('\x00534b495000'::bytea in g.tgargs) > 0;  -- an argument 'SKIP'

    if timing = 'after' and skip_count > 0 then
        ret_code := 403;
        ret_note := 'AFTER trigger cannot work with SKIP trigger(s)';
        return;
    end if;

    if skip then
        if skip_count = 0 then
            trigger_name := skip_prefix || trigger_name;
            args := args || 'SKIP'::text;
        elsif skip_count = 1 then
            -- The existing SKIP trigger must stay last, so that this one still sees the row.
            if left(skip_name, length(skip_prefix)) <> skip_prefix then
                execute format('alter trigger %I on %s rename to %I', skip_name, target, skip_prefix || skip_name);
            end if;
        else
            ret_code := 405;
            ret_note := 'Multiple SKIP triggers';
            return;
        end if;
    end if;

    -- Re-adding replaces the trigger, so changed arguments or flags take effect.
    if exists (select 1 from pg_catalog.pg_trigger g where g.tgrelid = rel and g.tgname = trigger_name) then
        execute format('drop trigger %I on %s', trigger_name, target);
    end if;
    execute format('create trigger %I %s %s on %s for each row execute function %s(%s)',
                   trigger_name, timing, array_to_string(events, ' or '), target, func,
                   (select string_agg(quote_literal(a), ', ' order by n)
                      from unnest(array[i_queue_name] || args || extra_args) with ordinality as u(a, n)));

    if not exists (select 1 from pg_catalog.pg_trigger g where g.tgrelid = rel and g.tgname = truncate_name) then
        -- Our own pgq's logutriga queues the same TRUNCATE event as the original's sqltriga.
        truncate_func := case when to_regproc('pgq.sqltriga') is not null then 'pgq.sqltriga' else 'pgq.logutriga' end;
        execute format('create trigger %I after truncate on %s for each statement execute function %s(%s)',
                       truncate_name, target, truncate_func,
                       (select string_agg(quote_literal(a), ', ' order by n)
                          from unnest(array[i_queue_name] || extra_args) with ordinality as u(a, n)));
    end if;

    ret_code := 200;
    ret_note := 'OK';
end;
$$;
