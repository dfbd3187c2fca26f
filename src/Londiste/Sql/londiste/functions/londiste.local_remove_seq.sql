-- Removes a sequence from this node. On the root that removes it from the queue (and tells the
-- subscribers); elsewhere the sequence stays known but is no longer kept up to date here.
-- Returns 200 (removed), 404 (not a local sequence), or global_remove_seq's result on the root.
create or replace function londiste.local_remove_seq(
    in i_queue_name text,
    in i_seq_name text,
    out ret_code int4,
    out ret_note text)
language plpgsql strict
as $$
declare
    fq_name text := londiste.make_fqname(i_seq_name);
    r record;
begin
    if pgq_node.is_root_node(i_queue_name) then
        r := londiste.global_remove_seq(i_queue_name, fq_name);
        ret_code := r.ret_code;
        ret_note := r.ret_note;
        return;
    end if;

    update londiste.seq_info s set local = false
     where s.queue_name = i_queue_name and s.seq_name = fq_name and s.local;
    if not found then
        ret_code := 404;
        ret_note := 'Sequence not found: ' || fq_name;
        return;
    end if;
    ret_code := 200;
    ret_note := 'Sequence removed: ' || fq_name;
end;
$$;
