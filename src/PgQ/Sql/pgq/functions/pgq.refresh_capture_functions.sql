-- pgq.refresh_capture_functions() -> how many functions were remade: remakes every capture trigger
-- function made by pgq.capture_trigger_function from its table's current definition (after
-- ALTER TABLE, or after an upgrade of pgq.logutriga, whose code the made functions contain).
-- Functions whose triggers are all gone are dropped.
create or replace function pgq.refresh_capture_functions()
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
begin
    for made in
        select p.oid as fn, t.tgrelid, t.tgargs
          from pg_proc p
          left join pg_trigger t on t.tgfoid = p.oid
         where p.pronamespace = 'pgq'::regnamespace and p.proname like '\_logutriga\_%' and p.prorettype = 'trigger'::regtype
    loop
        if made.tgrelid is null then
            execute format('drop function %s', made.fn::regprocedure);
        else
            -- tgargs: the arguments in the database encoding, each followed by a zero byte
            rest := made.tgargs;
            args := '{}';
            loop
                zero := position('\x00'::bytea in rest);
                exit when zero = 0;
                args := args || convert_from(substr(rest, 1, zero - 1), getdatabaseencoding());
                rest := substr(rest, zero + 1);
            end loop;
            perform pgq.capture_trigger_function(made.tgrelid, args);
            remade := remade + 1;
        end if;
    end loop;
    return remade;
end;
$$;
