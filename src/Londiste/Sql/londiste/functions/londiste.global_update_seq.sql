-- On a subscriber: records the value the root published for a sequence (registering the sequence
-- on first sight) and moves the local copy up to it when the node keeps one.
-- Returns 200 (updated), 402 (called on the root), 404 (no such queue).
create or replace function londiste.global_update_seq(
    in i_queue_name text,
    in i_seq_name text,
    in i_value int8,
    out ret_code int4,
    out ret_note text)
language plpgsql
as $$
declare
    node record;
    fq_name text;
    seq record;
begin
    select n.node_type into node
      from pgq_node.node_info n
     where n.queue_name = i_queue_name;
    if not found then
        ret_code := 404;
        ret_note := 'Set not found: ' || i_queue_name;
        return;
    end if;
    if node.node_type = 'root' then
        ret_code := 402;
        ret_note := 'Must not run on root node';
        return;
    end if;

    fq_name := londiste.make_fqname(i_seq_name);
    select s.local into seq
      from londiste.seq_info s
     where s.queue_name = i_queue_name and s.seq_name = fq_name
       for update;
    if not found then
        insert into londiste.seq_info (queue_name, seq_name, last_value)
        values (i_queue_name, fq_name, i_value);
    else
        update londiste.seq_info s set last_value = i_value
         where s.queue_name = i_queue_name and s.seq_name = fq_name;
        if seq.local then
            perform pgq.seq_setval(fq_name, i_value);
        end if;
    end if;

    ret_code := 200;
    ret_note := 'Sequence updated';
end;
$$;
