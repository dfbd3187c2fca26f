-- Roles of PgQ 3 (pgq_reader, pgq_writer, pgq_admin). Creating roles needs CREATEROLE; a plain
-- schema owner on managed PostgreSQL may not have it, and then the queue works without them
-- (grants.sql grants to them only where they exist).
do $$
declare
    can_create boolean;
begin
    select rolsuper or rolcreaterole into can_create from pg_roles where rolname = current_user;
    if not exists (select 1 from pg_roles where rolname = 'pgq_reader') then
        if can_create then
            create role pgq_reader;
        else
            raise notice 'role pgq_reader not created: % may not create roles (the queue works without it)', current_user;
        end if;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'pgq_writer') then
        if can_create then
            create role pgq_writer;
        end if;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'pgq_admin') then
        if can_create then
            create role pgq_admin in role pgq_reader, pgq_writer;
        end if;
    end if;
end;
$$;
