-- Turns the root into a branch of i_new_provider, in three steps each run in its own transaction:
--   1  stop local writes and local ticking (the queue becomes externally fed);
--   2  wait for writers still inside the queue (lock its event tables), then add one last tick
--      that closes everything they wrote; returns it as last_tick;
--   3  become a branch: the worker now reads from i_new_provider from that last tick on.
-- 404 not a node, 301 not the root; steps out of order or unknown are errors.
-- Unlike the original, step 2 does not set session_replication_role (superuser only): it fires no
-- triggers, so the setting changed nothing there.
create or replace function pgq_node.demote_root(
    in i_queue_name text, in i_step int4, in i_new_provider text,
    out ret_code int4, out ret_note text, out last_tick int8)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_type text;
    v_worker text;
    v_q record;
    v_event_id bigint;
begin
    select n.node_type, n.worker_name into v_type, v_worker
    from pgq_node.node_info n where n.queue_name = i_queue_name
    for update;
    if not found then
        ret_code := 404;
        ret_note := 'Node not initialized for queue: ' || i_queue_name;
        return;
    end if;
    if v_type <> 'root' then
        ret_code := 301;
        ret_note := 'Node not root';
        return;
    end if;

    if i_step > 1 then
        select q.queue_data_pfx, q.queue_tick_seq, q.queue_event_seq into v_q
        from pgq.queue q
        where q.queue_name = i_queue_name and q.queue_disable_insert and q.queue_external_ticker;
        if not found then
            raise exception 'steps in wrong order';
        end if;
    end if;

    if i_step = 1 then
        update pgq.queue q set queue_disable_insert = true, queue_external_ticker = true
        where q.queue_name = i_queue_name;
        if not found then
            ret_code := 404;
            ret_note := 'Huh, no queue?: ' || i_queue_name;
            return;
        end if;
        ret_code := 200;
        ret_note := 'Step 1: Writing disabled for: ' || i_queue_name;
    elsif i_step = 2 then
        -- Waits for transactions that inserted before step 1 and blocks late ones; readers go on.
        execute 'lock table ' || pgq.quote_fqname(v_q.queue_data_pfx) || ' in exclusive mode';
        last_tick := nextval(pgq.quote_fqname(v_q.queue_tick_seq));
        v_event_id := nextval(pgq.quote_fqname(v_q.queue_event_seq));
        perform pgq.ticker(i_queue_name, last_tick, now(), v_event_id);
        ret_code := 200;
        ret_note := 'Step 2: Inserted last tick: ' || i_queue_name;
    elsif i_step = 3 then
        select t.tick_id into last_tick
        from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue
        where q.queue_name = i_queue_name
        order by t.tick_queue desc, t.tick_id desc limit 1;
        update pgq_node.node_info n set node_type = 'branch' where n.queue_name = i_queue_name;
        update pgq_node.local_state s
        set provider_node = i_new_provider, last_tick_id = last_tick, uptodate = false
        where s.queue_name = i_queue_name and s.consumer_name = v_worker;
        ret_code := 200;
        ret_note := 'Step 3: Demoted root to branch: ' || i_queue_name;
    else
        raise exception 'incorrect step number';
    end if;
end;
$$;
