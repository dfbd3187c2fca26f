-- Sets the copy state (merge_state) of a local table and the snapshot of its copy.
-- Returns 200 or 404 (not a local table).
create or replace function londiste.local_set_table_state(
    in i_queue_name text,
    in i_table_name text,
    in i_snapshot text,
    in i_merge_state text,
    out ret_code int4,
    out ret_note text)
language plpgsql
as $$
declare
    fq_name text := londiste.make_fqname(i_table_name);
begin
    update londiste.table_info t
       set custom_snapshot = i_snapshot, merge_state = i_merge_state
     where t.queue_name = i_queue_name and t.table_name = fq_name and t.local;
    if not found then
        ret_code := 404;
        ret_note := 'No such table: ' || fq_name;
        return;
    end if;
    ret_code := 200;
    ret_note := 'Table ' || fq_name || ' state set to ' || coalesce(quote_literal(i_merge_state), 'NULL');
end;
$$;
