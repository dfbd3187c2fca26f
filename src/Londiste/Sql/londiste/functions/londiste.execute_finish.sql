-- Ends an EXECUTE script started with execute_start in the same transaction; on the root it
-- queues the EXECUTE event (script in ev_data, file name in ev_extra1, attributes in ev_extra2)
-- so the subscribers run it too. Returns 200 or 404 (execute_start was not called).
create or replace function londiste.execute_finish(
    in i_queue_name text,
    in i_file_name text,
    out ret_code int4,
    out ret_note text)
language plpgsql strict
as $$
declare
    script record;
begin
    select a.execute_sql, a.execute_attrs into script
      from londiste.applied_execute a
     where a.execute_file = i_file_name;
    if not found then
        ret_code := 404;
        ret_note := 'execute_file called without execute_start';
        return;
    end if;

    if pgq_node.is_root_node(i_queue_name) then
        perform pgq.insert_event(i_queue_name, 'EXECUTE', script.execute_sql, i_file_name, script.execute_attrs, null, null);
    end if;

    ret_code := 200;
    ret_note := 'Execute finished: ' || i_file_name;
end;
$$;
