-- Puts back a dropped foreign key. At once, or with i_lazy in steps the caller runs itself: first
-- the returned 'add ... not valid' statement, then the returned 'validate constraint' one (no
-- long lock on both tables); a call after the last step forgets the pending entry.
-- Returns '' when done (or nothing is pending), else the next statement to run.
create or replace function londiste.restore_table_fkey(i_from_table text, i_fkey_name text, i_lazy boolean default false)
returns text
language plpgsql strict
as $$
declare
    fk record;
    validated boolean;
begin
    select * into fk
      from londiste.pending_fkeys p
     where p.fkey_name = i_fkey_name and p.from_table = i_from_table
       for update;
    if not found then
        return '';
    end if;

    if i_lazy then
        select c.convalidated into validated
          from pg_catalog.pg_constraint c
         where c.contype = 'f' and c.conrelid = londiste.find_table_oid(i_from_table) and c.conname = i_fkey_name;
        if not found then
            return fk.fkey_def || ' not valid';
        elsif not validated then
            return 'alter table only ' || londiste.quote_fqname(fk.from_table) || ' validate constraint ' || quote_ident(fk.fkey_name);
        end if;
    else
        execute fk.fkey_def;
    end if;

    delete from londiste.pending_fkeys p
     where p.fkey_name = fk.fkey_name and p.from_table = fk.from_table;
    return '';
end;
$$;
