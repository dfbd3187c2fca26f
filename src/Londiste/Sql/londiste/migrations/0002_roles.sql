-- Roles of Londiste 3 (londiste_writer inside pgq_admin, londiste_reader inside pgq_reader).
-- Creating roles needs CREATEROLE, which a plain schema owner on managed PostgreSQL may lack; then
-- the schema works without them and only its owner administers it (grants.sql grants to the
-- roles only where they exist).
do $$
declare
    can_create boolean;
begin
    select "rolsuper" or "rolcreaterole" into can_create from "pg_catalog"."pg_roles" where "rolname" = current_user;
    if not exists (select 1 from "pg_catalog"."pg_roles" where "rolname" = 'londiste_writer') then
        if can_create and exists (select 1 from "pg_catalog"."pg_roles" where "rolname" = 'pgq_admin') then
            create role "londiste_writer" in role "pgq_admin";
        else
            raise notice 'role londiste_writer not created: % may not create roles or pgq_admin is missing', current_user;
        end if;
    end if;
    if not exists (select 1 from "pg_catalog"."pg_roles" where "rolname" = 'londiste_reader') then
        if can_create and exists (select 1 from "pg_catalog"."pg_roles" where "rolname" = 'pgq_reader') then
            create role "londiste_reader" in role "pgq_reader";
        else
            raise notice 'role londiste_reader not created: % may not create roles or pgq_reader is missing', current_user;
        end if;
    end if;
end;
$$;
