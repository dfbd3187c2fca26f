-- The name suffix of a date partition for a period ('year'/'yearly', 'month'/'monthly',
-- 'day'/'daily', 'hour'/'hourly'): a regular expression and the to_char format that makes it.
create or replace function londiste._partition_pattern(
    in i_partition_period text,
    out suffix_regex text,
    out suffix_format text)
language plpgsql immutable
as $$
begin
    case
        when i_partition_period in ('year', 'yearly') then
            suffix_regex := '_[0-9]{4}';
            suffix_format := '_YYYY';
        when i_partition_period in ('month', 'monthly') then
            suffix_regex := '_[0-9]{4}_[0-9]{2}';
            suffix_format := '_YYYY_MM';
        when i_partition_period in ('day', 'daily') then
            suffix_regex := '_[0-9]{4}_[0-9]{2}_[0-9]{2}';
            suffix_format := '_YYYY_MM_DD';
        when i_partition_period in ('hour', 'hourly') then
            suffix_regex := '_[0-9]{4}_[0-9]{2}_[0-9]{2}_[0-9]{2}';
            suffix_format := '_YYYY_MM_DD_HH24';
        else
            raise exception 'not supported i_partition_period: %', i_partition_period;
    end case;
end;
$$;
