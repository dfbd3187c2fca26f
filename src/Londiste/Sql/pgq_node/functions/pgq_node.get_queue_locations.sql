-- All members of the cascade this node knows of.
create or replace function pgq_node.get_queue_locations(
    in i_queue_name text,
    out node_name text, out node_location text, out dead boolean)
returns setof record
language sql stable security definer
set search_path = pg_catalog
as $$
    select l.node_name, l.node_location, l.dead
    from pgq_node.node_location l
    where l.queue_name = i_queue_name
    order by l.node_name
$$;
