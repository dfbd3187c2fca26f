-- The pg_class oid of the relation of kind i_kind ('r' table, 'S' sequence) named by the unquoted
-- 'schema.name' (schema public without a dot), or NULL when there is none.
create or replace function londiste.find_rel_oid(i_fqname text, i_kind text)
returns oid
language plpgsql strict stable
as $$
declare
    parts record;
    found_oid oid;
begin
    parts := londiste.split_fqname(i_fqname);
    select c.oid into found_oid
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace s on s.oid = c.relnamespace
     where s.nspname = parts.schema_part
       and c.relname = parts.name_part
       and c.relkind = i_kind;
    return found_oid;
end;
$$;
