-- The consumer state of this node's worker (see get_consumer_state) plus what only the worker
-- needs: the watermarks, the newest local tick (root/branch) and the combined queue's node type.
create or replace function pgq_node.get_worker_state(
    in i_queue_name text,
    out ret_code int4, out ret_note text,
    out node_type text, out node_name text, out completed_tick bigint,
    out provider_node text, out provider_location text,
    out paused boolean, out uptodate boolean, out cur_error text,
    out worker_name text, out global_watermark bigint, out local_watermark bigint,
    out local_queue_top bigint, out combined_queue text, out combined_type text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_text text;
begin
    select n.node_type, n.node_name, n.worker_name, n.combined_queue
      into node_type, node_name, worker_name, combined_queue
    from pgq_node.node_info n where n.queue_name = i_queue_name;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown queue: ' || i_queue_name;
        return;
    end if;

    select s.last_tick_id, s.provider_node, s.paused, s.uptodate, s.cur_error
      into completed_tick, provider_node, paused, uptodate, cur_error
    from pgq_node.local_state s
    where s.queue_name = i_queue_name and s.consumer_name = get_worker_state.worker_name;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown consumer: ' || i_queue_name || '/' || worker_name;
        return;
    end if;

    select l.node_location into v_text
    from pgq_node.node_location l
    where l.queue_name = i_queue_name and l.node_name = get_worker_state.provider_node;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown provider node: ' || i_queue_name || '/' || provider_node;
        return;
    end if;
    provider_location := v_text;
    ret_code := 100;
    ret_note := 'Ok';

    if combined_queue is not null then
        select n.node_type into v_text
        from pgq_node.node_info n where n.queue_name = get_worker_state.combined_queue;
        if not found then
            ret_code := 404;
            ret_note := 'Combinde queue node not found: ' || combined_queue;
            return;
        end if;
        combined_type := v_text;
    end if;

    if node_type in ('root', 'branch') then
        select min(c.last_tick) filter (where c.consumer_name <> '.global_watermark'),
               min(c.last_tick) filter (where c.consumer_name = '.global_watermark')
          into local_watermark, global_watermark
        from pgq.get_consumer_info(i_queue_name) c;
        select t.tick_id into local_queue_top
        from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue
        where q.queue_name = i_queue_name
        order by t.tick_queue desc, t.tick_id desc limit 1;
        if local_watermark is null then
            local_watermark := local_queue_top;
        end if;
    else
        local_watermark := completed_tick;
    end if;
end;
$$;
