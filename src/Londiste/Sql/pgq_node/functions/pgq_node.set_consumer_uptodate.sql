-- The consumer acknowledges (true) that it has seen the last change of its state.
create or replace function pgq_node.set_consumer_uptodate(
    in i_queue_name text, in i_consumer_name text, in i_uptodate boolean,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
begin
    update pgq_node.local_state s set uptodate = i_uptodate
    where s.queue_name = i_queue_name and s.consumer_name = i_consumer_name;
    if found then
        ret_code := 200;
        ret_note := 'Consumer uptodate = ' || i_uptodate::int4::text;
    else
        ret_code := 404;
        ret_note := 'Consumer not known: ' || i_queue_name || '/' || i_consumer_name;
    end if;
end;
$$;
