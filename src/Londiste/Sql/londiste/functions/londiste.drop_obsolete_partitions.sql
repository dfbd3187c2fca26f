-- Drops the partitions londiste.list_obsolete_partitions names and returns their names.
create or replace function londiste.drop_obsolete_partitions(
    in i_parent_table text,
    in i_retention_period interval,
    in i_partition_period text)
returns setof text
language plpgsql
as $$
declare
    part text;
begin
    for part in
        select londiste.list_obsolete_partitions(i_parent_table, i_retention_period, i_partition_period)
    loop
        execute 'drop table ' || part;
        return next part;
    end loop;
end;
$$;
