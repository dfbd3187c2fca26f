-- Changes the handler attributes of a local table and re-creates its capture triggers with new
-- trigger arguments. Returns 200, 400 (no such queue), 404 (not a local table), or the failure of
-- the trigger creation.
create or replace function londiste.local_change_handler(
    in i_queue_name text,
    in i_table_name text,
    in i_trg_args text[],
    in i_table_attrs text,
    out ret_code int4,
    out ret_note text)
language plpgsql
as $$
declare
    node record;
    r record;
    dest text;
    descr text;
begin
    select * into node from pgq_node.get_node_info(i_queue_name);
    if not found or node.ret_code >= 400 then
        ret_code := 400;
        ret_note := 'No such set: ' || i_queue_name;
        return;
    end if;

    r := londiste.local_set_table_attrs(i_queue_name, i_table_name, i_table_attrs);
    if r.ret_code <> 200 then
        ret_code := r.ret_code;
        ret_note := r.ret_note;
        return;
    end if;

    select coalesce(t.dest_table, i_table_name) into dest
      from londiste.table_info t
     where t.queue_name = i_queue_name and t.table_name = i_table_name and t.local;

    r := londiste.create_trigger(i_queue_name, i_table_name, i_trg_args, dest, node.node_type);
    descr := case when dest = i_table_name then i_table_name else i_table_name || '(' || dest || ')' end;
    if r.ret_code > 299 then
        ret_code := r.ret_code;
        ret_note := 'Trigger creation failed for table ' || descr || ': ' || r.ret_note;
    elsif r.ret_code = 201 then
        ret_code := 200;
        ret_note := 'Table handler updated with no triggers: ' || descr;
    else
        ret_code := 200;
        ret_note := 'Handler changed for table: ' || descr;
    end if;
end;
$$;
