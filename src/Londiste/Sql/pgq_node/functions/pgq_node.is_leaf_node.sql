-- True when this database is a leaf for the queue; an unknown queue is an error.
-- Everybody may call it (as in the original), so it reads node_info as the owner: unlike the
-- original, a role without pgq_reader gets an answer rather than a permission error.
create or replace function pgq_node.is_leaf_node(i_queue_name text)
returns bool
language plpgsql stable security definer
set search_path = pg_catalog
as $$
declare
    v_type text;
begin
    select n.node_type into v_type from pgq_node.node_info n where n.queue_name = i_queue_name;
    if not found then
        raise exception 'queue does not exist: %', i_queue_name;
    end if;
    return v_type = 'leaf';
end;
$$;
