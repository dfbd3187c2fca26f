-- Removes a sequence from the queue's registry; on the root the subscribers are told with a
-- londiste.remove-seq event. Returns 200 (removed) or 400 (not registered).
create or replace function londiste.global_remove_seq(
    in i_queue_name text,
    in i_seq_name text,
    out ret_code int4,
    out ret_note text)
language plpgsql strict
as $$
declare
    fq_name text := londiste.make_fqname(i_seq_name);
begin
    delete from londiste.seq_info s
     where s.queue_name = i_queue_name and s.seq_name = fq_name;
    if not found then
        ret_code := 400;
        ret_note := 'Sequence not found: ' || fq_name;
        return;
    end if;
    if pgq_node.is_root_node(i_queue_name) then
        perform londiste.root_notify_change(i_queue_name, 'londiste.remove-seq', fq_name);
    end if;
    ret_code := 200;
    ret_note := 'Sequence removed: ' || fq_name;
end;
$$;
