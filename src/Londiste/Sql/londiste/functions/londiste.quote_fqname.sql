-- Quotes a name for SQL text: schema and name (split at the first dot, schema public without one)
-- each quoted as an identifier.
create or replace function londiste.quote_fqname(i_name text)
returns text
language plpgsql strict immutable
as $$
declare
    parts record;
begin
    parts := londiste.split_fqname(i_name);
    return quote_ident(parts.schema_part) || '.' || quote_ident(parts.name_part);
end;
$$;
