-- Records the tick a cascaded consumer has applied here. Called in the same transaction as the
-- applied rows: that is what makes a batch exactly once across crashes. Clears the last error.
create or replace function pgq_node.set_consumer_completed(
    in i_queue_name text, in i_consumer_name text, in i_tick_id int8,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
begin
    update pgq_node.local_state s set last_tick_id = i_tick_id, cur_error = null
    where s.queue_name = i_queue_name and s.consumer_name = i_consumer_name;
    if found then
        ret_code := 100;
        ret_note := 'Consumer ' || i_consumer_name || ' completed tick = ' || i_tick_id::text;
    else
        ret_code := 404;
        ret_note := 'Consumer not known: ' || i_queue_name || '/' || i_consumer_name;
    end if;
end;
$$;
