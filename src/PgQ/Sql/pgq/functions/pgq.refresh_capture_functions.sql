-- pgq.refresh_capture_functions() -> how many functions were remade: remakes every capture trigger
-- function made by pgq.capture_trigger_function (and by pgq.capture_jsontriga_function /
-- pgq.capture_sqltriga_function: the name's prefix tells which) from its table's current definition
-- (after ALTER TABLE, or after an upgrade of pgq, whose generator the made functions come from).
-- pgq.maint_refresh_capture_functions() -> the same for the functions whose table or queue changed
-- since they were made (their signature, see pgq._capture_signature and
-- pgq._capture_format_signature, differs), so that the ticker's
-- maintenance (pgq.maint_operations lists it; ours and the original pgqd call it until it returns
-- 0) puts a table back on the fast path by itself after DDL. A function the maintenance role may not
-- replace is left as it is (it stays correct) with a warning.
-- Both drop made functions whose triggers are all gone.
create or replace function pgq._refresh_capture_functions(only_stale boolean)
returns integer
language plpgsql
set search_path = pg_catalog
as $$
declare
    made record;
    remade integer := 0;
    rest bytea;
    args text[];
    zero integer;
    remade_as text;
begin
    for made in
        select p.oid as fn, t.tgrelid, t.tgargs, substring(p.proname from '^_(json|sql)triga_') as fmt,
               substring(p.prosrc from '-- signature ([0-9a-f]{32})') as signature
          from pg_proc p
          left join pg_trigger t on t.tgfoid = p.oid
         where p.pronamespace = 'pgq'::regnamespace and p.proname ~ '^_(logutriga|jsontriga|sqltriga)_[0-9]' and p.prorettype = 'trigger'::regtype
    loop
        if made.tgrelid is null then
            execute format('drop function %s', made.fn::regprocedure);
            continue;
        end if;
        -- tgargs: the arguments in the database encoding, each followed by a zero byte
        rest := made.tgargs;
        args := '{}';
        loop
            zero := position('\x00'::bytea in rest);
            exit when zero = 0;
            args := args || convert_from(substr(rest, 1, zero - 1), getdatabaseencoding());
            rest := substr(rest, zero + 1);
        end loop;
        if only_stale and made.signature is not distinct from
               (case when made.fmt is null then pgq._capture_signature(made.tgrelid, args[1])
                     else pgq._capture_format_signature(made.tgrelid, args[1], made.fmt) end) then
            continue;
        end if;
        begin
            if made.fmt is null then
                remade_as := pgq.capture_trigger_function(made.tgrelid, args);
            else
                remade_as := pgq._capture_format_function(made.tgrelid, args, made.fmt);
            end if;
            -- Counted only when remade: a generator that now answers the generic trigger (e.g. a pkey=
            -- column dropped) leaves the function stale, and a count that never reaches 0 would keep
            -- the ticker's maintenance calling again and again.
            if remade_as = made.fn::regproc::text then
                remade := remade + 1;
            end if;
        exception when insufficient_privilege then
            raise warning 'capture function % not refreshed: %; run select pgq.refresh_capture_functions() as its owner',
                made.fn::regproc, sqlerrm;
        end;
    end loop;
    return remade;
end;
$$;

create or replace function pgq.refresh_capture_functions()
returns integer
language sql
as $$
    select pgq._refresh_capture_functions(false)
$$;

create or replace function pgq.maint_refresh_capture_functions()
returns integer
language sql
as $$
    select pgq._refresh_capture_functions(true)
$$;
