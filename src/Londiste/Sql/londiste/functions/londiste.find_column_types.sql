-- One letter per live column of the table, in attribute order: 'k' for a primary-key column, 'v'
-- for any other (the column-type string the old logtriga took).
create or replace function londiste.find_column_types(tbl text)
returns text
language plpgsql strict stable
as $$
declare
    rel oid := londiste.find_table_oid(tbl);
    result text;
begin
    select coalesce(string_agg(
               case when exists (select 1 from pg_catalog.pg_index i
                                  where i.indrelid = rel and i.indisprimary
                                    and a.attnum = any (i.indkey::int2[]))
                    then 'k' else 'v' end, '' order by a.attnum), '')
      into result
      from pg_catalog.pg_attribute a
     where a.attrelid = rel and a.attnum > 0 and not a.attisdropped;
    return result;
end;
$$;
