-- Removes a node from this database's view of the cascade. Run on every member:
--   on the node itself it drops the local state, the queue and every other location
--   (also when node_info is already gone, to clean up half-dropped nodes);
--   elsewhere it drops the node's subscription here and its location, unless it is this node's
--   provider (405).
create or replace function pgq_node.drop_node(
    in i_queue_name text, in i_node_name text,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_is_local boolean;
    v_is_provider boolean;
begin
    select n.node_name = i_node_name, s.provider_node = i_node_name
      into v_is_local, v_is_provider
    from pgq_node.node_info n
    left join pgq_node.local_state s on s.queue_name = n.queue_name and s.consumer_name = n.worker_name
    where n.queue_name = i_queue_name;
    if not found then
        v_is_local := true;
        v_is_provider := false;
    end if;

    if v_is_local then
        delete from pgq_node.subscriber_info s where s.queue_name = i_queue_name;
        delete from pgq_node.local_state s where s.queue_name = i_queue_name;
        delete from pgq_node.node_info n where n.queue_name = i_queue_name and n.node_name = i_node_name;
        perform pgq.drop_queue(q.queue_name, true) from pgq.queue q where q.queue_name = i_queue_name;
        delete from pgq_node.node_location l where l.queue_name = i_queue_name and l.node_name <> i_node_name;
    elsif v_is_provider then
        ret_code := 405;
        ret_note := 'Cannot drop provider node: ' || i_node_name;
        return;
    else
        perform pgq_node.unregister_subscriber(i_queue_name, i_node_name);
    end if;

    -- Removes the location itself (and tells the cascade when this is the root).
    perform pgq_node.unregister_location(i_queue_name, i_node_name);

    ret_code := 200;
    ret_note := 'Node dropped: ' || i_node_name;
end;
$$;
