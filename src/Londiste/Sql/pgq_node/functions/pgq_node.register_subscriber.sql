-- On a provider (root or branch): subscribes node i_remote_node_name, whose worker
-- i_remote_worker_name will read from here. Two local pgq consumers stand for it: the worker itself,
-- at i_custom_tick_id (a node changing provider) or else at the global watermark, and
-- ".<node>.watermark" at the global watermark, which the subscriber moves up as it progresses
-- (set_subscriber_watermark) so rotation keeps what its own subscribers still need.
-- Returns the global watermark, where a new node must start.
create or replace function pgq_node.register_subscriber(
    in i_queue_name text, in i_remote_node_name text, in i_remote_worker_name text, in i_custom_tick_id int8,
    out ret_code int4, out ret_note text, out global_watermark bigint)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_type text;
    v_watermark_name text := '.' || i_remote_node_name || '.watermark';
begin
    select n.node_type into v_type
    from pgq_node.node_info n where n.queue_name = i_queue_name
    for update;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown queue: ' || i_queue_name;
        return;
    end if;
    select c.last_tick into global_watermark
    from pgq.get_consumer_info(i_queue_name, '.global_watermark') c;
    if v_type not in ('root', 'branch') then
        ret_code := 401;
        ret_note := 'Cannot subscribe to ' || v_type || ' node';
        return;
    end if;

    perform pgq.register_consumer_at(i_queue_name, v_watermark_name, global_watermark);
    perform pgq.register_consumer_at(i_queue_name, i_remote_worker_name, coalesce(i_custom_tick_id, global_watermark));
    insert into pgq_node.subscriber_info (queue_name, subscriber_node, worker_name, watermark_name)
    values (i_queue_name, i_remote_node_name, i_remote_worker_name, v_watermark_name);

    ret_code := 200;
    ret_note := 'Subscriber registered: ' || i_remote_node_name;
end;
$$;
