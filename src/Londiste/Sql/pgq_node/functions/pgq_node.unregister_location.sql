-- Forgets a member. A node never forgets itself or its own provider (403). Any subscription of the
-- member here goes with it. On the root the removal is broadcast as pgq.unregister-location.
create or replace function pgq_node.unregister_location(
    in i_queue_name text, in i_node_name text,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_self text;
    v_type text;
    v_provider text;
begin
    select n.node_name, n.node_type, s.provider_node into v_self, v_type, v_provider
    from pgq_node.node_info n
    left join pgq_node.local_state s on s.queue_name = n.queue_name and s.consumer_name = n.worker_name
    where n.queue_name = i_queue_name;
    if v_self = i_node_name then
        ret_code := 403;
        ret_note := 'Cannot drop node''s own location';
        return;
    end if;
    if v_provider = i_node_name then
        ret_code := 403;
        ret_note := 'Cannot drop location of node''s parent';
        return;
    end if;

    -- A stale subscription would keep the location referenced; its result does not matter.
    perform pgq_node.unregister_subscriber(i_queue_name, i_node_name);

    delete from pgq_node.node_location l where l.queue_name = i_queue_name and l.node_name = i_node_name;
    if found then
        ret_code := 200;
        ret_note := 'Ok';
    else
        ret_code := 301;
        ret_note := 'Location not found: ' || i_queue_name || '/' || i_node_name;
    end if;

    if v_type = 'root' then
        perform pgq.insert_event(i_queue_name, 'pgq.unregister-location', i_node_name,
                                 i_queue_name, null, null, null);
    end if;
end;
$$;
