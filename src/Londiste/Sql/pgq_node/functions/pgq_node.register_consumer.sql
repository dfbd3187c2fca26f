-- Registers a cascaded consumer that reads from node i_provider_node and writes into this node,
-- starting after tick i_custom_tick_id. Registering again moves it (provider and tick) and says 201.
create or replace function pgq_node.register_consumer(
    in i_queue_name text, in i_consumer_name text, in i_provider_node text, in i_custom_tick_id int8,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
begin
    perform 1 from pgq_node.node_info n where n.queue_name = i_queue_name for update;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown queue: ' || i_queue_name;
        return;
    end if;

    update pgq_node.local_state s
    set provider_node = i_provider_node, last_tick_id = i_custom_tick_id
    where s.queue_name = i_queue_name and s.consumer_name = i_consumer_name;
    if found then
        ret_code := 201;
        ret_note := 'Consumer already registered: ' || i_queue_name || '/' || i_consumer_name;
        return;
    end if;

    insert into pgq_node.local_state (queue_name, consumer_name, provider_node, last_tick_id)
    values (i_queue_name, i_consumer_name, i_provider_node, i_custom_tick_id);
    ret_code := 200;
    ret_note := 'Consumer ' || i_consumer_name || ' registered on queue ' || i_queue_name;
end;
$$;
