-- The event tables a batch's events can be in: the current and the previous one. Rotation never
-- truncates a table some consumer may still need (see maint_rotate_tables_step1), so these two
-- always hold every event of any batch a consumer can get. Both are always read: the range scan
-- on ev_txid of a table without matching rows costs one index probe, and it keeps an event written
-- from an old snapshot across a rotation from being overlooked.
create or replace function pgq.batch_event_tables(x_batch_id bigint)
returns setof text
language plpgsql
as $$
declare
    q record;
begin
    select queue_data_pfx, queue_cur_table, queue_ntables into q
    from pgq.subscription s join pgq.queue on queue_id = s.sub_queue
    where s.sub_batch = x_batch_id;
    if not found then
        raise exception 'batch not found';
    end if;
    if q.queue_ntables > 1 then
        return next q.queue_data_pfx || '_' || ((q.queue_cur_table + q.queue_ntables - 1) % q.queue_ntables);
    end if;
    return next q.queue_data_pfx || '_' || q.queue_cur_table;
end;
$$;
