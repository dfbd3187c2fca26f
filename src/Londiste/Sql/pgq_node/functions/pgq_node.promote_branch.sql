-- Turns a branch into the root: the queue takes local writes and local ticks again, tick ids go
-- on from the newest copied tick, and the worker now "reads" from this node itself.
-- 404 not a node, 301 not a branch.
create or replace function pgq_node.promote_branch(
    in i_queue_name text,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_name text;
    v_type text;
    v_worker text;
    v_last_tick bigint;
begin
    select n.node_name, n.node_type, n.worker_name into v_name, v_type, v_worker
    from pgq_node.node_info n where n.queue_name = i_queue_name
    for update;
    if not found then
        ret_code := 404;
        ret_note := 'Node not initialized for queue: ' || i_queue_name;
        return;
    end if;
    if v_type <> 'branch' then
        ret_code := 301;
        ret_note := 'Node not branch';
        return;
    end if;

    update pgq.queue q set queue_disable_insert = false, queue_external_ticker = false
    where q.queue_name = i_queue_name;

    select t.tick_id into v_last_tick
    from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue
    where q.queue_name = i_queue_name
    order by t.tick_queue desc, t.tick_id desc limit 1;

    -- The local ticker must continue above the copied ticks.
    perform pgq.seq_setval(q.queue_tick_seq, v_last_tick) from pgq.queue q where q.queue_name = i_queue_name;

    update pgq_node.node_info n set node_type = 'root' where n.queue_name = i_queue_name;
    update pgq_node.local_state s
    set provider_node = v_name, last_tick_id = v_last_tick, uptodate = false
    where s.queue_name = i_queue_name and s.consumer_name = v_worker;

    ret_code := 200;
    ret_note := 'Branch node promoted to root';
end;
$$;
