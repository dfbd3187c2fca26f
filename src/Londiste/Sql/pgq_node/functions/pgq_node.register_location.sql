-- Adds or updates a member's connect string and dead flag. A NULL location keeps the known one
-- (takeover marks a node dead without knowing where it is) and adds nothing for an unknown node.
-- On the root the change is also queued as a pgq.location-info event so every node learns it.
create or replace function pgq_node.register_location(
    in i_queue_name text, in i_node_name text, in i_node_location text, in i_dead boolean,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_type text;
begin
    -- Serialises location changes against node changes of the same queue (no row yet is fine).
    select n.node_type into v_type from pgq_node.node_info n where n.queue_name = i_queue_name for update;

    update pgq_node.node_location l
    set node_location = coalesce(i_node_location, l.node_location), dead = i_dead
    where l.queue_name = i_queue_name and l.node_name = i_node_name;
    if not found and i_node_location is not null then
        insert into pgq_node.node_location (queue_name, node_name, node_location, dead)
        values (i_queue_name, i_node_name, i_node_location, i_dead);
    end if;

    if v_type = 'root' then
        perform pgq.insert_event(i_queue_name, 'pgq.location-info', i_node_name,
                                 i_queue_name, i_node_location, i_dead::text, null);
    end if;

    ret_code := 200;
    ret_note := 'Location registered';
end;
$$;
