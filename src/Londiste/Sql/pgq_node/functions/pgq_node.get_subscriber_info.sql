-- The nodes that read from this node, with the tick each still needs (its watermark consumer's
-- position). The subscriber's own worker state is the authority; this may lag behind an admin change.
create or replace function pgq_node.get_subscriber_info(
    in i_queue_name text,
    out node_name text, out worker_name text, out node_watermark int8)
returns setof record
language sql stable security definer
set search_path = pg_catalog
as $$
    select s.subscriber_node, s.worker_name,
           (select c.last_tick from pgq.get_consumer_info(i_queue_name, s.watermark_name) c)
    from pgq_node.subscriber_info s
    where s.queue_name = i_queue_name
    order by s.subscriber_node
$$;
