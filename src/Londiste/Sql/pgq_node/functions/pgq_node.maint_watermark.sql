-- Ticker maintenance hook (pgq.maint_operations lists it for root queues): when the global
-- watermark has not moved for 5 minutes, the root publishes its local watermark itself, so a
-- cascade whose workers do not report still lets rotation go on. Returns 0: call once per round.
create or replace function pgq_node.maint_watermark(i_queue_name text)
returns int4
language plpgsql
set search_path = pg_catalog
as $$
declare
    v_lag interval;
begin
    perform 1 from pgq_node.node_info n
    where n.queue_name = i_queue_name and n.node_type = 'root'
    for update;
    if not found then
        return 0;
    end if;
    select c.lag into v_lag from pgq.get_consumer_info(i_queue_name, '.global_watermark') c;
    if v_lag >= interval '5 minutes' then
        perform pgq_node.set_global_watermark(i_queue_name, null);
    end if;
    return 0;
end;
$$;
