-- pgq.sqltriga(queue, [SKIP], [ignore=c1,c2], [pkey=c1,c2], [backup], [deny], [when=EXPR],
--               [ev_type=EXPR], [ev_data=EXPR], [ev_extra1..4=EXPR])
-- Queues each row change as partial SQL, byte-compatible with PgQ 3.5's C pgq.sqltriga (checked against
-- the original extension by tests/PgQ.Tests/Triggers):
--   ev_type   'I' / 'U' / 'D', 'R' for TRUNCATE;
--   ev_data   the statement's tail as pgq._sql_fields writes it ('' for TRUNCATE);
--   ev_extra1 'schema.table' unquoted; ev_extra2 the OLD row urlencoded (as logutriga) with `backup` on UPDATE.
-- Arguments and messages are the original's. As in the original, `ignore=` and `pkey=` name columns
-- separated by ',' or white space, and an UPDATE that changes only ignored columns queues nothing.
-- One deliberate difference: the original refuses an UPDATE that changes a key column ('primary key update
-- not allowed'); we capture it as `id='2',v='x' where id='1'`: the changed key columns are SET to their
-- new values and the WHERE part, as always, holds the OLD key values, so the event applies as is.
create or replace function pgq.sqltriga()
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
    pkey_arg text;
    pkey_list text;
    ignore_list text;
    when_expr text;
    -- overrides, in ev_type, ev_data, ev_extra1..4 order; has_expr marks the given ones
    exprs text[] := array[null, null, null, null, null, null]::text[];
    has_expr boolean := false;
    tbl text := TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;
    fields record;
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
    -- Changes applied by a replication worker (role 'local') are not captured again; the original checks
    -- this before anything else.
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

    if TG_OP = 'TRUNCATE' then
        if TG_LEVEL <> 'STATEMENT' then
            raise exception 'pgq tRuncate trigger must be fired FOR EACH STATEMENT';
        end if;
    elsif TG_LEVEL <> 'ROW' then
        raise exception 'pgq Ins/Upd/Del trigger must be fired FOR EACH ROW';
    end if;
    if TG_NARGS < 1 then
        raise exception 'pgq trigger must have destination queue as argument';
    end if;
    queue_name := TG_ARGV[0];
    for i in 1 .. TG_NARGS - 1 loop
        arg := TG_ARGV[i];
        if arg = 'SKIP' then
            skip := true;
        elsif arg like 'ignore=%' then
            ignore_list := substr(arg, 8);
        elsif arg like 'pkey=%' then
            pkey_arg := substr(arg, 6);
            pkey_list := pkey_arg;
        elsif arg = 'backup' then
            backup := true;
        elsif arg = 'deny' then
            deny := true;
        elsif arg like 'ev\_type=%' or arg like 'ev\_data=%' or arg ~ '^ev_extra[1-4]=' or arg like 'when=%' then
            if TG_OP = 'TRUNCATE' then
                raise exception 'Custom expressions do not make sense for truncater trigger';
            end if;
            if arg like 'when=%' then
                when_expr := substr(arg, 6);
            elsif arg like 'ev\_type=%' then
                exprs[1] := substr(arg, 9); has_expr := true;
            elsif arg like 'ev\_data=%' then
                exprs[2] := substr(arg, 9); has_expr := true;
            else
                exprs[2 + substr(arg, 9, 1)::int] := substr(arg, 11); has_expr := true;
            end if;
        else
            raise exception 'bad param to pgq trigger';
        end if;
    end loop;
    if TG_OP = 'TRUNCATE' then
        if ignore_list is not null then
            raise exception 'Column ignore does not make sense for truncate trigger';
        elsif pkey_list is not null then
            raise exception 'Custom pkey_list does not make sense for truncate trigger';
        elsif backup then
            raise exception 'Backup does not make sense for truncate trigger';
        end if;
    end if;

    if TG_OP = 'DELETE' then
        ev_row := OLD;
        fields := pgq._sql_fields(TG_RELID, TG_OP, pkey_list, ignore_list, OLD::text, null, false, false);
    elsif TG_OP = 'UPDATE' then
        ev_row := NEW;
        fields := pgq._sql_fields(TG_RELID, TG_OP, pkey_list, ignore_list, NEW::text, OLD::text, TG_WHEN = 'BEFORE', backup);
    elsif TG_OP = 'INSERT' then
        ev_row := NEW;
        fields := pgq._sql_fields(TG_RELID, TG_OP, pkey_list, ignore_list, NEW::text, null, false, false);
    end if;

    if TG_OP in ('UPDATE', 'DELETE') then
        if pkey_arg = '' or pkey_arg is null and not fields.has_key then
            raise exception 'Update/Delete on table without pkey';
        end if;
    end if;
    if skip and TG_WHEN = 'AFTER' then
        raise exception 'SKIP does not work in AFTER trigger.';
    end if;
    if deny then
        raise exception 'Table ''%'' to queue ''%'': change not allowed (%)', tbl, queue_name, TG_OP;
    end if;

    if TG_OP = 'TRUNCATE' then
        ev_type := 'R';
        ev_data := '';
    else
        if fields.null_key then
            raise exception 'logtriga: Unexpected NULL key value';
        end if;
        if fields.only_ignored then
            -- Only ignored columns changed: nothing a subscriber needs to see.
            return case when TG_WHEN = 'AFTER' or skip then null else NEW end;
        end if;
        ev_type := substr(TG_OP, 1, 1);
        ev_data := fields.data;
        if TG_OP = 'UPDATE' and backup then
            ev_extra2 := coalesce(fields.backup, '');
        end if;
    end if;
    ev_extra1 := tbl;

    -- Columns named _pgq_ev_type, _pgq_ev_data, _pgq_ev_extra1..4 fill that event field with their value
    -- (the original's "magic columns"); the expressions below still override them.
    if TG_OP = 'TRUNCATE' then
        null;
    elsif fields.magic is not null then
        select m.ev_type, m.ev_data, m.ev_extra1, m.ev_extra2, m.ev_extra3, m.ev_extra4
          into ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4
          from pgq._event_magic_fields(fields.magic, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4) as m;
    end if;

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
            return case when TG_WHEN = 'AFTER' or skip then null else ev_row end;
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

    if TG_WHEN = 'AFTER' or skip or TG_OP = 'TRUNCATE' then
        return null;
    end if;
    return ev_row;
end;
$$;
