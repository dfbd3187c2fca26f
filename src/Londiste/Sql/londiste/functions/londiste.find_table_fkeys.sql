-- Every foreign key that starts or ends at the table, with the statement that re-creates it.
create or replace function londiste.find_table_fkeys(i_table_name text)
returns setof londiste.pending_fkeys
language plpgsql strict stable
as $$
declare
    rel oid := londiste.find_table_oid(i_table_name);
begin
    return query
        select fs.nspname || '.' || ft.relname,
               ts.nspname || '.' || tt.relname,
               c.conname::text,
               'alter table only ' || quote_ident(fs.nspname) || '.' || quote_ident(ft.relname)
                   || ' add constraint ' || quote_ident(c.conname::text) || ' ' || pg_catalog.pg_get_constraintdef(c.oid)
          from pg_catalog.pg_constraint c
          join pg_catalog.pg_class ft on ft.oid = c.conrelid
          join pg_catalog.pg_namespace fs on fs.oid = ft.relnamespace
          join pg_catalog.pg_class tt on tt.oid = c.confrelid
          join pg_catalog.pg_namespace ts on ts.oid = tt.relnamespace
         where c.contype = 'f' and rel in (c.conrelid, c.confrelid)
         order by 1, 2, 3;
end;
$$;
