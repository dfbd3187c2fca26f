-- Describes an active batch: its queue and consumer, start/end tick ids and times, lag of the
-- end tick, and the event-sequence positions at both ticks.
create or replace function pgq.get_batch_info(
    in x_batch_id bigint,
    out queue_name text, out consumer_name text, out batch_start timestamptz, out batch_end timestamptz,
    out prev_tick_id bigint, out tick_id bigint, out lag interval, out seq_start bigint, out seq_end bigint)
language sql stable security definer
set search_path = pg_catalog
as $$
    select q.queue_name, c.co_name, t1.tick_time, t2.tick_time, t1.tick_id, t2.tick_id,
           now() - t2.tick_time, t1.tick_event_seq, t2.tick_event_seq
    from pgq.subscription s
    join pgq.queue q on q.queue_id = s.sub_queue
    join pgq.consumer c on c.co_id = s.sub_consumer
    join pgq.tick t1 on t1.tick_queue = s.sub_queue and t1.tick_id = s.sub_last_tick
    join pgq.tick t2 on t2.tick_queue = s.sub_queue and t2.tick_id = s.sub_next_tick
    where s.sub_batch = x_batch_id
$$;
