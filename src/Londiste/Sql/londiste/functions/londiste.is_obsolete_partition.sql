-- Whether a date partition (name ending in _YYYY[_MM[_DD[_HH]]] for the period) is older than the
-- retention period: true or false, NULL when the name does not fit the pattern.
create or replace function londiste.is_obsolete_partition(
    in i_partition_table text,
    in i_retention_period interval,
    in i_partition_period text)
returns boolean
language plpgsql
as $$
declare
    pattern record;
    base text;
begin
    pattern := londiste._partition_pattern(i_partition_period);
    base := substring(i_partition_table from '^(.+)' || pattern.suffix_regex || '$');
    if base is null then
        return null;
    end if;
    return i_partition_table < base || to_char(now() - i_retention_period, pattern.suffix_format);
end;
$$;
