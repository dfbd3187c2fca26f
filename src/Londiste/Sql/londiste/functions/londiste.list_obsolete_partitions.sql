-- The date partitions of a parent table ('schema.table' or 'table' in public) that are older than
-- the retention period, quoted, by name.
create or replace function londiste.list_obsolete_partitions(
    in i_parent_table text,
    in i_retention_period interval,
    in i_partition_period text)
returns setof text
language plpgsql
as $$
declare
    pattern record;
    schema_name text := split_part(i_parent_table, '.', 1);
    table_name text := split_part(i_parent_table, '.', 2);
begin
    pattern := londiste._partition_pattern(i_partition_period);
    if table_name = '' then
        table_name := schema_name;
        schema_name := 'public';
    end if;
    return query
        select quote_ident(t.schemaname::text) || '.' || quote_ident(t.tablename::text)
          from pg_catalog.pg_tables t
         where t.schemaname = schema_name
           and t.tablename ~ ('^' || table_name || pattern.suffix_regex || '$')
           and t.tablename < table_name || to_char(now() - i_retention_period, pattern.suffix_format)
         order by 1;
end;
$$;
