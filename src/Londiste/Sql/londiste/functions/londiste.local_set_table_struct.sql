-- Keeps the DDL dropped for a copy (indexes, constraints) until the copy puts it back; NULL
-- clears it. Only allowed while the table is 'in-copy' or 'catching-up' (table_info's check).
-- Returns 200 or 404.
create or replace function londiste.local_set_table_struct(
    in i_queue_name text,
    in i_table_name text,
    in i_dropped_ddl text,
    out ret_code int4,
    out ret_note text)
language plpgsql
as $$
begin
    update londiste.table_info t
       set dropped_ddl = i_dropped_ddl
     where t.queue_name = i_queue_name and t.table_name = i_table_name and t.local;
    if found then
        ret_code := 200;
        ret_note := 'Table struct stored';
    else
        ret_code := 404;
        ret_note := 'no such local table: ' || i_table_name;
    end if;
end;
$$;
