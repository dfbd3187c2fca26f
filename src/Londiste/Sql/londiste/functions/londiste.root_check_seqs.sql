-- On the root: publishes the value of every local sequence that came within i_buffer (at least
-- 10, default 10000) of the value published last, as a londiste.update-seq event carrying the
-- current value plus three buffers, so subscribers stay ahead of the root without an event per
-- nextval().
-- Returns 100 (checked), 402 (not the root), 404 (no such queue).
create or replace function londiste.root_check_seqs(
    in i_queue_name text,
    in i_buffer int8,
    out ret_code int4,
    out ret_note text)
language plpgsql
as $$
declare
    node record;
    seq record;
    buffer int8 := case when i_buffer >= 10 then i_buffer else 10000 end;
    current_value int8;
    published int8;
begin
    select n.node_type into node
      from pgq_node.node_info n
     where n.queue_name = i_queue_name
       for update;
    if not found then
        ret_code := 404;
        ret_note := 'Queue not found: ' || i_queue_name;
        return;
    end if;
    if node.node_type is distinct from 'root' then
        ret_code := 402;
        ret_note := 'Not a root node';
        return;
    end if;

    for seq in
        select s.seq_name, s.last_value
          from londiste.seq_info s
         where s.queue_name = i_queue_name and s.local
         order by s.nr
    loop
        execute 'select last_value from ' || londiste.quote_fqname(seq.seq_name) into current_value;
        if current_value + buffer >= seq.last_value then
            published := current_value + buffer * 3;
            perform pgq.insert_event(i_queue_name, 'londiste.update-seq', published::text, seq.seq_name, null, null, null);
            update londiste.seq_info s
               set last_value = published
             where s.queue_name = i_queue_name and s.seq_name = seq.seq_name;
        end if;
    end loop;

    ret_code := 100;
    ret_note := 'Sequences updated';
end;
$$;

create or replace function londiste.root_check_seqs(
    in i_queue_name text,
    out ret_code int4,
    out ret_note text)
language plpgsql
as $$
declare
    r record;
begin
    r := londiste.root_check_seqs(i_queue_name, 10000);
    ret_code := r.ret_code;
    ret_note := r.ret_note;
end;
$$;
