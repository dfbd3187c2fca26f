-- The next one-tick batch with its tick ids, times and event positions; all NULL when none.
create or replace function pgq.next_batch_info(
    in i_queue_name text, in i_consumer_name text,
    out batch_id int8, out cur_tick_id int8, out prev_tick_id int8,
    out cur_tick_time timestamptz, out prev_tick_time timestamptz,
    out cur_tick_event_seq int8, out prev_tick_event_seq int8)
language sql
as $$
    select * from pgq.next_batch_custom(i_queue_name, i_consumer_name, null, null, null)
$$;
