-- Stores why the consumer's current batch failed (shown by status); an unknown consumer is ignored.
create or replace function pgq_node.set_consumer_error(
    in i_queue_name text, in i_consumer_name text, in i_error_msg text,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
begin
    update pgq_node.local_state s set cur_error = i_error_msg
    where s.queue_name = i_queue_name and s.consumer_name = i_consumer_name;
    if found then
        ret_code := 100;
        ret_note := 'Consumer ' || i_consumer_name || ' error = ' || i_error_msg;
    else
        ret_code := 101;
        ret_note := 'Consumer not known, ignoring: ' || i_queue_name || '/' || i_consumer_name;
    end if;
end;
$$;
