-- On a database holding a combined branch and a merge leaf feeding it: moves the merge leaf's
-- worker to the partition tick that arrived inside the combined root's batch.
create or replace function pgq_node.set_partition_watermark(
    in i_combined_queue_name text, in i_part_queue_name text, in i_watermark bigint,
    out ret_code int4, out ret_note text)
returns record
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_worker text;
begin
    select p.worker_name into v_worker
    from pgq_node.node_info p
    join pgq_node.node_info c on c.queue_name = p.combined_queue
    where p.queue_name = i_part_queue_name and p.node_type = 'leaf'
      and c.queue_name = i_combined_queue_name and c.node_type = 'branch';
    if not found then
        ret_code := 201;
        ret_note := 'Part-queue does not exist';
        return;
    end if;

    update pgq_node.local_state s set last_tick_id = i_watermark
    where s.queue_name = i_part_queue_name and s.consumer_name = v_worker;
    if not found then
        ret_code := 401;
        ret_note := 'Worker registration not found';
        return;
    end if;
    ret_code := 200;
    ret_note := 'Ok';
end;
$$;
