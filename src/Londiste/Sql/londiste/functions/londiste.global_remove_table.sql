-- Removes a table from the queue's registry (on a subscriber, after removing it locally). The
-- delete trigger on table_info drops its capture triggers. Returns 200 (removed) or 400.
create or replace function londiste.global_remove_table(
    in i_queue_name text,
    in i_table_name text,
    out ret_code int4,
    out ret_note text)
language plpgsql strict
as $$
declare
    fq_name text := londiste.make_fqname(i_table_name);
begin
    if not pgq_node.is_root_node(i_queue_name) then
        perform londiste.local_remove_table(i_queue_name, fq_name);
    end if;
    delete from londiste.table_info t
     where t.queue_name = i_queue_name and t.table_name = fq_name;
    if not found then
        ret_code := 400;
        ret_note := 'Table not found: ' || fq_name;
        return;
    end if;
    ret_code := 200;
    ret_note := 'Table removed: ' || i_table_name;
end;
$$;
