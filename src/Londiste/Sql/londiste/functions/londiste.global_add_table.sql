-- Registers a table on the queue (not yet local): on the root through local_add_table, on a
-- subscriber when the londiste.add-table event arrives. A queue that feeds a combined queue
-- registers it there too. Returns 200 (added or already there) or 400 (no such queue).
create or replace function londiste.global_add_table(
    in i_queue_name text,
    in i_table_name text,
    out ret_code int4,
    out ret_note text)
language plpgsql strict
as $$
declare
    fq_name text := londiste.make_fqname(i_table_name);
    combined text;
begin
    select n.combined_queue into combined
      from pgq_node.node_info n
     where n.queue_name = i_queue_name
       for update;
    if not found then
        ret_code := 400;
        ret_note := 'No such queue: ' || i_queue_name;
        return;
    end if;

    if exists (select 1 from londiste.table_info t where t.queue_name = i_queue_name and t.table_name = fq_name) then
        ret_code := 200;
        ret_note := 'Table already added: ' || fq_name;
        return;
    end if;

    begin
        insert into londiste.table_info (queue_name, table_name) values (i_queue_name, fq_name);
    exception when unique_violation then
        -- The setup tool and the replay may add the same table at once; the other one won.
        ret_code := 200;
        ret_note := 'Table already added: ' || i_table_name;
        return;
    end;
    ret_code := 200;
    ret_note := 'Table added: ' || i_table_name;

    if combined is not null then
        perform londiste.global_add_table(combined, i_table_name);
    end if;
end;
$$;
