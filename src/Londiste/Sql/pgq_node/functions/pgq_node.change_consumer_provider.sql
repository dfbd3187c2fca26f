-- Points a cascaded consumer at another provider node (change-provider, takeover); it keeps its
-- tick, and uptodate goes false so the admin can see when the consumer has noticed.
create or replace function pgq_node.change_consumer_provider(
    in i_queue_name text, in i_consumer_name text, in i_new_provider text,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
begin
    perform 1 from pgq_node.node_location l
    where l.queue_name = i_queue_name and l.node_name = i_new_provider;
    if not found then
        ret_code := 404;
        ret_note := 'New node not found: ' || i_new_provider;
        return;
    end if;

    update pgq_node.local_state s set provider_node = i_new_provider, uptodate = false
    where s.queue_name = i_queue_name and s.consumer_name = i_consumer_name;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown consumer: ' || i_queue_name || '/' || i_consumer_name;
        return;
    end if;
    ret_code := 200;
    ret_note := 'Consumer provider node set to : ' || i_new_provider;
end;
$$;
