-- Dropped foreign keys this queue should restore now: both tables are local here and every copy
-- of them is done ('ok' without a pending snapshot), at least one of them belongs to this queue,
-- and of all the queues holding them this one is in charge (the first leaf of a combined root,
-- else the branch of a combined branch, else the first queue by name).
create or replace function londiste.get_valid_pending_fkeys(i_queue_name text)
returns setof londiste.pending_fkeys
language plpgsql strict stable
as $$
declare
    fk londiste.pending_fkeys;
    from_side record;
    to_side record;
    in_charge text;
begin
    for fk in
        select * from londiste.pending_fkeys order by from_table, to_table, fkey_name
    loop
        select count(*) as total,
               count(*) filter (where t.queue_name = i_queue_name) as mine,
               count(*) filter (where t.merge_state = 'ok' and t.custom_snapshot is null) as synced
          into from_side
          from londiste.table_info t
         where t.local and coalesce(t.dest_table, t.table_name) = fk.from_table;
        select count(*) as total,
               count(*) filter (where t.queue_name = i_queue_name) as mine,
               count(*) filter (where t.merge_state = 'ok' and t.custom_snapshot is null) as synced
          into to_side
          from londiste.table_info t
         where t.local and coalesce(t.dest_table, t.table_name) = fk.to_table;

        continue when from_side.total = 0 or to_side.total = 0;
        continue when from_side.synced < from_side.total or to_side.synced < to_side.total;
        continue when from_side.mine = 0 and to_side.mine = 0;

        select coalesce(min(t.queue_name) filter (where c.node_type = 'root'),
                        min(c.queue_name) filter (where c.node_type = 'branch'),
                        min(t.queue_name))
          into in_charge
          from londiste.table_info t
          join pgq_node.node_info n on n.queue_name = t.queue_name
          left join pgq_node.node_info c on c.queue_name = n.combined_queue
         where t.local and coalesce(t.dest_table, t.table_name) in (fk.from_table, fk.to_table);

        if in_charge = i_queue_name then
            return next fk;
        end if;
    end loop;
end;
$$;
