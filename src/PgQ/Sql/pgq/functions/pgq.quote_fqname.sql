-- Quotes a possibly schema-qualified name: the first dot separates schema and name; without a
-- dot the schema is public.
create or replace function pgq.quote_fqname(i_name text)
returns text
language sql immutable strict
as $$
    select case when position('.' in i_name) > 0
                then quote_ident(split_part(i_name, '.', 1)) || '.' || quote_ident(substr(i_name, position('.' in i_name) + 1))
                else 'public.' || quote_ident(i_name)
           end
$$;
