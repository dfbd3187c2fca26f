-- What a cascaded consumer writing into this node needs at the start of each loop: the node,
-- its committed tick, where to read from, and the remote controls (paused, uptodate).
-- ret_code 100 when all is known, 404 naming what is missing.
create or replace function pgq_node.get_consumer_state(
    in i_queue_name text, in i_consumer_name text,
    out ret_code int4, out ret_note text,
    out node_type text, out node_name text, out completed_tick bigint,
    out provider_node text, out provider_location text,
    out paused boolean, out uptodate boolean, out cur_error text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_location text;
begin
    select n.node_type, n.node_name into node_type, node_name
    from pgq_node.node_info n where n.queue_name = i_queue_name;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown queue: ' || i_queue_name;
        return;
    end if;

    select s.last_tick_id, s.provider_node, s.paused, s.uptodate, s.cur_error
      into completed_tick, provider_node, paused, uptodate, cur_error
    from pgq_node.local_state s
    where s.queue_name = i_queue_name and s.consumer_name = i_consumer_name;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown consumer: ' || i_queue_name || '/' || i_consumer_name;
        return;
    end if;

    select l.node_location into v_location
    from pgq_node.node_location l
    where l.queue_name = i_queue_name and l.node_name = get_consumer_state.provider_node;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown provider node: ' || i_queue_name || '/' || provider_node;
        return;
    end if;
    provider_location := v_location;
    ret_code := 100;
    ret_note := 'Ok';
end;
$$;
