-- Sequences registered on the queue: name, value the root last published, whether this node
-- keeps a local copy of it. In registration order.
create or replace function londiste.get_seq_list(
    in i_queue_name text,
    out seq_name text,
    out last_value int8,
    out local boolean)
returns setof record
language plpgsql strict
as $$
begin
    return query
        select s.seq_name, s.last_value, s.local
          from londiste.seq_info s
         where s.queue_name = i_queue_name
         order by s.nr, s.seq_name;
end;
$$;
