-- Pauses or resumes a cascaded consumer remotely; a change clears uptodate so the admin can wait
-- for the consumer to acknowledge it.
create or replace function pgq_node.set_consumer_paused(
    in i_queue_name text, in i_consumer_name text, in i_paused boolean,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_paused boolean;
    v_word text := case when i_paused then 'paused' else 'resumed' end;
begin
    select s.paused into v_paused
    from pgq_node.local_state s
    where s.queue_name = i_queue_name and s.consumer_name = i_consumer_name
    for update;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown consumer: ' || i_consumer_name;
    elsif v_paused = i_paused then
        ret_code := 201;
        ret_note := 'Consumer ' || i_consumer_name || ' already ' || v_word;
    else
        update pgq_node.local_state s set paused = i_paused, uptodate = false
        where s.queue_name = i_queue_name and s.consumer_name = i_consumer_name;
        ret_code := 200;
        ret_note := 'Consumer ' || i_consumer_name || ' tagged as ' || v_word;
    end if;
end;
$$;
