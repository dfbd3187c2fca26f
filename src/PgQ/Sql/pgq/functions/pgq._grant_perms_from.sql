-- Copies the table privileges of src onto dst (used to give every event table the grants of
-- pgq.event_template). Grantee 0 in the ACL is PUBLIC.
create or replace function pgq._grant_perms_from(src_schema text, src_table text, dst_schema text, dst_table text)
returns integer
language plpgsql strict
as $$
declare
    acl record;
    dst text := quote_ident(dst_schema) || '.' || quote_ident(dst_table);
begin
    for acl in
        select a.privilege_type, a.grantee
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace,
        lateral aclexplode(c.relacl) a
        where n.nspname = src_schema and c.relname = src_table
    loop
        execute format('grant %s on %s to %s', acl.privilege_type, dst,
            case when acl.grantee = 0 then 'public' else quote_ident(pg_get_userbyid(acl.grantee)) end);
    end loop;
    return 1;
end;
$$;
