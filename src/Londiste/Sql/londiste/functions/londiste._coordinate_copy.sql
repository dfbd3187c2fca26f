-- How the copy of one table is coordinated with the copies of the same destination table from
-- the other queues of a combined (merge) setup.
--
-- The partitions of a destination table are its table_info rows, in any queue sharing this
-- node's combined_queue (or in this queue alone when there is none), that are not yet 'ok'.
-- With a single partition there is nothing to coordinate: copy_role NULL, copy_pos the number of
-- partitions of queues sorting before this one that are 'in-copy' while this one is too (0).
-- Otherwise the lead is the first queue that already dropped DDL (else the first local one):
--   lead, in-copy:        'lead' while other partitions are still copying (it drops the indexes),
--                         'wait-replay' if it comes late (others done, no DDL dropped); copy_pos 0;
--   lead, catching-up:    'wait-replay' while others still copy and DDL is dropped;
--   other, in-copy:       'wait-replay' once the lead dropped DDL or some partition is done,
--                         else 'wait-copy' (wait for the lead to drop DDL first);
--   other, catching-up:   'wait-replay' while the lead's dropped DDL is pending.
create or replace function londiste._coordinate_copy(
    in i_queue_name text,
    in i_table_name text,
    out copy_role text,
    out copy_pos int4)
language plpgsql strict stable
as $$
declare
    me record;
    lead_queue text;
    ddl_queue text;
    parts int4;
    done int4;
begin
    copy_role := null;
    copy_pos := 0;

    select t.merge_state, t.dropped_ddl, n.combined_queue,
           coalesce(t.dest_table, t.table_name) as target
      into me
      from londiste.table_info t
      join pgq_node.node_info n on n.queue_name = t.queue_name
     where t.queue_name = i_queue_name and t.table_name = i_table_name;
    if not found then
        copy_pos := null;
        return;
    end if;

    select min(p.queue_name) filter (where p.local),
           min(p.queue_name) filter (where p.local and p.dropped_ddl is not null),
           count(*) filter (where p.local),
           count(*) filter (where p.local and p.merge_state is not null and p.merge_state <> 'in-copy'),
           count(*) filter (where p.queue_name < i_queue_name and me.merge_state = 'in-copy' and p.merge_state = 'in-copy')
      into lead_queue, ddl_queue, parts, done, copy_pos
      from pgq_node.node_info o
      join londiste.table_info p on p.queue_name = o.queue_name
     where o.combined_queue is not distinct from me.combined_queue
       and coalesce(p.dest_table, p.table_name) = me.target
       and p.merge_state is distinct from 'ok';

    lead_queue := coalesce(ddl_queue, lead_queue);
    if parts = 1 or lead_queue is null then
        return;
    end if;

    if lead_queue = i_queue_name then
        if me.merge_state = 'in-copy' then
            if me.dropped_ddl is null and done > 0 then
                copy_role := 'wait-replay';
            elsif done < parts then
                copy_role := 'lead';
            end if;
            copy_pos := 0;
        elsif me.merge_state = 'catching-up' and me.dropped_ddl is not null and done < parts then
            copy_role := 'wait-replay';
        end if;
    elsif me.merge_state = 'in-copy' then
        if ddl_queue is not null or done > 0 then
            copy_role := 'wait-replay';
        else
            copy_role := 'wait-copy';
        end if;
    elsif me.merge_state = 'catching-up' and ddl_queue is not null then
        copy_role := 'wait-replay';
    end if;
end;
$$;
