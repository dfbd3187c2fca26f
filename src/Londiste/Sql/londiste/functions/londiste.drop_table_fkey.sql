-- Drops one foreign key of a table (for a copy), keeping its definition in pending_fkeys.
-- Returns 1, or 0 when the table has no such foreign key.
create or replace function londiste.drop_table_fkey(i_from_table text, i_fkey_name text)
returns integer
language plpgsql strict
as $$
declare
    fk record;
begin
    select * into fk
      from londiste.find_table_fkeys(i_from_table) f
     where f.fkey_name = i_fkey_name and f.from_table = i_from_table;
    if not found then
        return 0;
    end if;
    insert into londiste.pending_fkeys (from_table, to_table, fkey_name, fkey_def)
    values (fk.from_table, fk.to_table, i_fkey_name, fk.fkey_def);
    execute format('alter table only %s drop constraint %I', londiste.quote_fqname(fk.from_table), i_fkey_name);
    return 1;
end;
$$;
