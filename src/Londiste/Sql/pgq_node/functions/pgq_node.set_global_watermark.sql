-- Moves the ".global_watermark" consumer: the oldest tick any node of the cascade still needs.
--   root:   i_watermark NULL means "the local watermark" (everything below has reported); the new
--           value is queued as a pgq.global-watermark event for the branches, and the root's
--           worker position follows it so it never looks stale.
--   branch: applies the value that came in that event; a tick not (or no longer) present here is
--           skipped with 200, since old batches can carry marks outside the local range.
--   leaf:   nothing to keep (100).
create or replace function pgq_node.set_global_watermark(
    in i_queue_name text, in i_watermark bigint,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_type text;
    v_worker text;
    v_watermark bigint := i_watermark;
begin
    select n.node_type, n.worker_name into v_type, v_worker
    from pgq_node.node_info n where n.queue_name = i_queue_name
    for update;
    if not found then
        ret_code := 404;
        ret_note := 'Queue' || i_queue_name || ' not found';
        return;
    end if;

    if v_type = 'root' then
        if v_watermark is null then
            select f.ret_code, f.ret_note, f.local_watermark into ret_code, ret_note, v_watermark
            from pgq_node.get_node_info(i_queue_name) f;
            if ret_code >= 300 then
                return;
            end if;
            if v_watermark is null then
                raise exception 'local_watermark=NULL from get_node_info()?';
            end if;
        end if;
        perform pgq.register_consumer_at(i_queue_name, '.global_watermark', v_watermark);
        perform pgq.insert_event(i_queue_name, 'pgq.global-watermark', v_watermark::text,
                                 i_queue_name, null, null, null);
        update pgq_node.local_state s set last_tick_id = v_watermark
        where s.queue_name = i_queue_name and s.consumer_name = v_worker;
    elsif v_type = 'branch' then
        if v_watermark is null then
            ret_code := 500;
            ret_note := 'bad usage: wm=null on branch node';
            return;
        end if;
        perform 1
        from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue
        where q.queue_name = i_queue_name and t.tick_id = v_watermark;
        if not found then
            ret_code := 200;
            ret_note := 'Skipping global watermark update to ' || v_watermark::text;
            return;
        end if;
        perform pgq.register_consumer_at(i_queue_name, '.global_watermark', v_watermark);
    else
        ret_code := 100;
        ret_note := 'Ignoring global watermark in leaf';
        return;
    end if;

    ret_code := 200;
    ret_note := 'Global watermark set to ' || v_watermark::text;
end;
$$;
