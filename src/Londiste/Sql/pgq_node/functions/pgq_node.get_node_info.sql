-- This node's place in the cascade. An uninitialised queue gives one row with ret_code 404 and
-- every other column NULL (admin tools test node_type for NULL).
--   global_watermark  the oldest tick every node still needs (root and branch only)
--   local_watermark   the oldest tick this node or one below it still needs: the lowest consumer
--                     position here, or the newest tick when nobody reads; on a leaf, its worker's tick
--   worker_last_tick  the worker's committed tick; on the root, the queue's newest tick
--   target_for        queues of merge leaves on this database that feed this (combined) queue
create or replace function pgq_node.get_node_info(
    in i_queue_name text,
    out ret_code int4, out ret_note text,
    out node_type text, out node_name text,
    out global_watermark bigint, out local_watermark bigint,
    out provider_node text, out provider_location text,
    out combined_queue text, out combined_type text,
    out worker_name text, out worker_paused bool, out worker_uptodate bool, out worker_last_tick bigint,
    out node_attrs text, out target_for text[])
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    r record;
begin
    select n.node_type, n.node_name, c.node_type as c_type, c.queue_name as c_queue,
           w.provider_node, l.node_location, n.worker_name, w.paused, w.uptodate, w.last_tick_id,
           n.node_attrs
      into r
    from pgq_node.node_info n
    left join pgq_node.node_info c on c.queue_name = n.combined_queue
    left join pgq_node.local_state w on w.queue_name = n.queue_name and w.consumer_name = n.worker_name
    left join pgq_node.node_location l on l.queue_name = w.queue_name and l.node_name = w.provider_node
    where n.queue_name = i_queue_name;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown queue: ' || i_queue_name;
        return;
    end if;

    ret_code := 100;
    ret_note := 'Ok';
    node_type := r.node_type;
    node_name := r.node_name;
    combined_type := r.c_type;
    combined_queue := r.c_queue;
    provider_node := r.provider_node;
    provider_location := r.node_location;
    worker_name := r.worker_name;
    worker_paused := r.paused;
    worker_uptodate := r.uptodate;
    worker_last_tick := r.last_tick_id;
    node_attrs := r.node_attrs;

    if r.node_type in ('root', 'branch') then
        select min(c.last_tick) filter (where c.consumer_name <> '.global_watermark'),
               min(c.last_tick) filter (where c.consumer_name = '.global_watermark')
          into local_watermark, global_watermark
        from pgq.get_consumer_info(i_queue_name) c;
        if local_watermark is null then
            select t.tick_id into local_watermark
            from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue
            where q.queue_name = i_queue_name
            order by t.tick_queue desc, t.tick_id desc limit 1;
        end if;
        select array_agg(t.queue_name order by t.queue_name) into target_for
        from pgq_node.node_info t
        where t.combined_queue = i_queue_name;
    else
        local_watermark := r.last_tick_id;
    end if;

    if r.node_type = 'root' then
        select t.tick_id into worker_last_tick
        from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue
        where q.queue_name = i_queue_name
        order by t.tick_queue desc, t.tick_id desc limit 1;
    end if;
end;
$$;
