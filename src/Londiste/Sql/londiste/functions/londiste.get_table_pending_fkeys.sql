-- Dropped foreign keys that start or end at the table.
create or replace function londiste.get_table_pending_fkeys(i_table_name text)
returns setof londiste.pending_fkeys
language plpgsql strict stable
as $$
begin
    return query
        select f.*
          from londiste.pending_fkeys f
         where i_table_name in (f.from_table, f.to_table)
         order by 1, 2, 3;
end;
$$;
