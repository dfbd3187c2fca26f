-- On a provider: forgets subscriber node i_remote_node_name and drops its two pgq consumers
-- (worker and watermark), releasing the events they held.
create or replace function pgq_node.unregister_subscriber(
    in i_queue_name text, in i_remote_node_name text,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_worker text;
    v_watermark_name text;
begin
    delete from pgq_node.subscriber_info s
    where s.queue_name = i_queue_name and s.subscriber_node = i_remote_node_name
    returning s.worker_name, s.watermark_name into v_worker, v_watermark_name;
    if not found then
        ret_code := 304;
        ret_note := 'Subscriber not found';
        return;
    end if;

    perform pgq.unregister_consumer(i_queue_name, v_watermark_name);
    perform pgq.unregister_consumer(i_queue_name, v_worker);

    ret_code := 200;
    ret_note := 'Subscriber unregistered: ' || i_remote_node_name;
end;
$$;
