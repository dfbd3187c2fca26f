-- Adds a sequence on this node. On the root it is registered on the queue (if new) and its
-- value published at once; elsewhere the queue must already know it, and the local sequence is
-- moved up to the value the root published.
-- Returns 200 (added), 201 (already added), 400 (no such sequence here), 404 (not on the queue).
create or replace function londiste.local_add_seq(
    in i_queue_name text,
    in i_seq_name text,
    out ret_code int4,
    out ret_note text)
language plpgsql
as $$
declare
    fq_name text := londiste.make_fqname(i_seq_name);
    seq record;
begin
    if londiste.find_seq_oid(fq_name) is null then
        ret_code := 400;
        ret_note := 'Sequence not found: ' || fq_name;
        return;
    end if;

    select s.local, s.last_value into seq
      from londiste.seq_info s
     where s.queue_name = i_queue_name and s.seq_name = fq_name
       for update;

    if pgq_node.is_root_node(i_queue_name) then
        if found and seq.local then
            ret_code := 201;
            ret_note := 'Sequence already added: ' || fq_name;
            return;
        end if;
        if found then
            update londiste.seq_info s set local = true
             where s.queue_name = i_queue_name and s.seq_name = fq_name;
        else
            insert into londiste.seq_info (queue_name, seq_name, local, last_value)
            values (i_queue_name, fq_name, true, 0);
        end if;
        perform londiste.root_check_seqs(i_queue_name);
    else
        if not found then
            ret_code := 404;
            ret_note := 'Unknown sequence: ' || fq_name;
            return;
        end if;
        if seq.local then
            ret_code := 201;
            ret_note := 'Sequence already added: ' || fq_name;
            return;
        end if;
        update londiste.seq_info s set local = true
         where s.queue_name = i_queue_name and s.seq_name = fq_name;
        perform pgq.seq_setval(fq_name, seq.last_value);
    end if;

    ret_code := 200;
    ret_note := 'Sequence added: ' || fq_name;
end;
$$;
