-- Schema-qualifies a name: a name without a dot is taken to be in schema public. The result is
-- not quoted (table_info stores names this way).
create or replace function londiste.make_fqname(i_name text)
returns text
language plpgsql strict immutable
as $$
begin
    if strpos(i_name, '.') = 0 then
        return 'public.' || i_name;
    end if;
    return i_name;
end;
$$;
