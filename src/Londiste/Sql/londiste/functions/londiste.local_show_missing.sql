-- What could still be added. On the root: every user table ('r') and sequence ('S') of the
-- database that is not a local table of the queue. Elsewhere: the queue's tables and sequences
-- that this node has not added locally.
create or replace function londiste.local_show_missing(
    in i_queue_name text,
    out obj_kind text,
    out obj_name text)
returns setof record
language plpgsql strict stable
as $$
begin
    if pgq_node.is_root_node(i_queue_name) then
        return query
            select c.relkind::text, s.nspname || '.' || c.relname
              from pg_catalog.pg_class c
              join pg_catalog.pg_namespace s on s.oid = c.relnamespace
             where c.relkind in ('r', 'S')
               and s.nspname not in ('pgq', 'pgq_ext', 'pgq_node', 'londiste', 'pg_catalog', 'information_schema')
               and s.nspname !~ '^pg_(toast|temp)'
               and not exists (select 1 from londiste.table_info t
                                where t.queue_name = i_queue_name and t.local
                                  and coalesce(t.dest_table, t.table_name) = s.nspname || '.' || c.relname)
             order by c.relkind, 2;
    else
        return query
            select m.kind, m.name
              from (select 'S'::text as kind, q.seq_name as name
                      from londiste.seq_info q
                     where q.queue_name = i_queue_name and not q.local
                    union all
                    select 'r', t.table_name
                      from londiste.table_info t
                     where t.queue_name = i_queue_name and not t.local) m
             order by 1, 2;
    end if;
end;
$$;
