-- On a provider, called periodically by a subscriber's worker: moves ".<node>.watermark" up to the
-- oldest tick the subscriber (and the nodes below it) still need. Never backwards (405).
create or replace function pgq_node.set_subscriber_watermark(
    in i_queue_name text, in i_node_name text, in i_watermark bigint,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_watermark_name text := '.' || i_node_name || '.watermark';
    v_current bigint;
begin
    select c.last_tick into v_current
    from pgq.get_consumer_info(i_queue_name, v_watermark_name) c;
    if not found then
        ret_code := 404;
        -- Wording (with its trailing space, no queue name) as the original returns it.
        ret_note := 'node ' || i_node_name || ' not subscribed to queue ';
        return;
    end if;

    if i_watermark < v_current then
        ret_code := 405;
        ret_note := 'watermark must not be moved backwards';
        return;
    elsif i_watermark = v_current then
        ret_code := 100;
        ret_note := 'watermark already set';
        return;
    end if;

    perform pgq.register_consumer_at(i_queue_name, v_watermark_name, i_watermark);
    ret_code := 200;
    ret_note := v_watermark_name || ' set to ' || i_watermark::text;
end;
$$;
