-- True when the function is one of PgQ's capture trigger functions (all of them take the queue
-- name as their first argument).
create or replace function londiste.is_replica_func(func_oid oid)
returns boolean
language sql strict stable
as $$
    select exists (select 1
                     from pg_catalog.pg_proc p
                     join pg_catalog.pg_namespace s on s.oid = p.pronamespace
                    where p.oid = func_oid
                      and s.nspname = 'pgq'
                      and (p.proname in ('logutriga', 'sqltriga', 'jsontriga')
                           -- per-table capture functions made by pgq.capture_trigger_function
                           or (p.proname like '\_logutriga\_%' and p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype)))
$$;
