-- The oid of an ordinary table given as unquoted 'schema.name', or NULL.
create or replace function londiste.find_table_oid(tbl text)
returns oid
language plpgsql strict stable
as $$
begin
    return londiste.find_rel_oid(tbl, 'r');
end;
$$;
