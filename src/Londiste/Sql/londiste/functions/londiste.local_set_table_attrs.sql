-- Stores the urlencoded handler attributes of a local table (the name is taken as given, not
-- schema-qualified). Returns 200 or 404.
create or replace function londiste.local_set_table_attrs(
    in i_queue_name text,
    in i_table_name text,
    in i_table_attrs text,
    out ret_code int4,
    out ret_note text)
language plpgsql
as $$
begin
    update londiste.table_info t
       set table_attrs = i_table_attrs
     where t.queue_name = i_queue_name and t.table_name = i_table_name and t.local;
    if found then
        ret_code := 200;
        ret_note := i_table_name || ': Table attributes stored';
    else
        ret_code := 404;
        ret_note := 'no such local table: ' || i_table_name;
    end if;
end;
$$;
