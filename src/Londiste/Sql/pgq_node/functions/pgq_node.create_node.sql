-- Makes this database a node of the cascade for i_queue_name.
--   root:   creates the queue and the ".global_watermark" consumer; the worker reads from the root
--           itself (its own location must be registered first).
--   branch: creates the queue fed by the worker (external ticks, no local inserts), starting at the
--           provider's global watermark, which is copied in as a tick so consumers can sit there.
--   leaf:   no local queue; with i_combined_queue the worker feeds that queue (merge leaf).
-- The worker is registered in local_state at the global watermark, reading from the provider
-- (whose location must already be known here).
create or replace function pgq_node.create_node(
    in i_queue_name text, in i_node_type text, in i_node_name text, in i_worker_name text,
    in i_provider_name text, in i_global_watermark bigint, in i_combined_queue text,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_watermark bigint;
    v_provider text;
begin
    perform 1 from pgq_node.node_info n where n.queue_name = i_queue_name;
    if found then
        ret_code := 401;
        ret_note := 'Node already initialized';
        return;
    end if;

    if i_node_type = 'root' then
        if i_provider_name is not null or i_global_watermark is not null or i_combined_queue is not null then
            ret_code := 401;
            ret_note := 'unexpected args for ' || i_node_type;
            return;
        end if;
        perform pgq.create_queue(i_queue_name);
        perform pgq.register_consumer(i_queue_name, '.global_watermark');
        select c.last_tick into v_watermark from pgq.get_consumer_info(i_queue_name, '.global_watermark') c;
        v_provider := i_node_name;
    elsif i_node_type = 'branch' then
        if i_provider_name is null then
            ret_code := 401;
            ret_note := 'provider not set for ' || i_node_type;
            return;
        end if;
        if i_global_watermark is null then
            ret_code := 401;
            ret_note := 'global watermark not set for ' || i_node_type;
            return;
        end if;
        perform pgq.create_queue(i_queue_name);
        update pgq.queue q set queue_external_ticker = true, queue_disable_insert = true
        where q.queue_name = i_queue_name;
        -- Tick 1 exists already (create_queue ticks once); later ticks come from the provider.
        if i_global_watermark > 1 then
            perform pgq.ticker(i_queue_name, i_global_watermark, now(), 1);
        end if;
        perform pgq.register_consumer_at(i_queue_name, '.global_watermark', i_global_watermark);
        v_watermark := i_global_watermark;
        v_provider := i_provider_name;
    elsif i_node_type = 'leaf' then
        if i_combined_queue is not null then
            perform 1 from pgq.queue q where q.queue_name = i_combined_queue;
            if not found then
                ret_code := 401;
                ret_note := 'non-existing queue on leaf side: ' || i_combined_queue;
                return;
            end if;
        end if;
        v_watermark := i_global_watermark;
        v_provider := i_provider_name;
    else
        -- The original goes on and fails on the node_type check; refusing here says why.
        ret_code := 401;
        ret_note := 'bad node type: ' || coalesce(i_node_type, 'NULL');
        return;
    end if;

    insert into pgq_node.node_info (queue_name, node_type, node_name, worker_name, combined_queue)
    values (i_queue_name, i_node_type, i_node_name, i_worker_name, i_combined_queue);

    select r.ret_code, r.ret_note into ret_code, ret_note
    from pgq_node.register_consumer(i_queue_name, i_worker_name, v_provider, v_watermark) r;
    if ret_code <> 200 then
        return;
    end if;

    ret_code := 200;
    ret_note := 'Node "' || i_node_name || '" initialized for queue "' || i_queue_name
                || '" with type "' || i_node_type || '"';
end;
$$;
