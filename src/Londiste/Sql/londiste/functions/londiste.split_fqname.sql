-- Splits a name at its first dot into schema and name; without a dot the schema is public.
create or replace function londiste.split_fqname(
    in i_fqname text,
    out schema_part text,
    out name_part text)
language plpgsql strict immutable
as $$
declare
    dot int4 := strpos(i_fqname, '.');
begin
    if dot = 0 then
        schema_part := 'public';
        name_part := i_fqname;
    else
        schema_part := left(i_fqname, dot - 1);
        name_part := substr(i_fqname, dot + 1);
    end if;
end;
$$;
