-- Consumers and their lag: lag (age of the consumer's last tick), last_seen (since it last asked
-- for a batch), position and active batch, pending_events (events up to the newest tick).
-- NULL arguments mean all queues / all consumers.
create or replace function pgq.get_consumer_info(
    in i_queue_name text, in i_consumer_name text,
    out queue_name text, out consumer_name text, out lag interval, out last_seen interval,
    out last_tick bigint, out current_batch bigint, out next_tick bigint, out pending_events bigint)
returns setof record
language sql stable security definer
set search_path = pg_catalog
as $$
    select q.queue_name, c.co_name, now() - t.tick_time, now() - s.sub_active,
           s.sub_last_tick, s.sub_batch, s.sub_next_tick, newest.tick_event_seq - t.tick_event_seq
    from pgq.subscription s
    join pgq.queue q on q.queue_id = s.sub_queue
    join pgq.consumer c on c.co_id = s.sub_consumer
    left join pgq.tick t on t.tick_queue = s.sub_queue and t.tick_id = s.sub_last_tick
    left join lateral (
        select n.tick_event_seq from pgq.tick n where n.tick_queue = s.sub_queue
        order by n.tick_queue desc, n.tick_id desc limit 1) newest on true
    where (i_queue_name is null or q.queue_name = i_queue_name)
      and (i_consumer_name is null or c.co_name = i_consumer_name)
    order by 1, 2
$$;

create or replace function pgq.get_consumer_info(
    in i_queue_name text,
    out queue_name text, out consumer_name text, out lag interval, out last_seen interval,
    out last_tick bigint, out current_batch bigint, out next_tick bigint, out pending_events bigint)
returns setof record
language sql stable
as $$ select * from pgq.get_consumer_info(i_queue_name, null) $$;

create or replace function pgq.get_consumer_info(
    out queue_name text, out consumer_name text, out lag interval, out last_seen interval,
    out last_tick bigint, out current_batch bigint, out next_tick bigint, out pending_events bigint)
returns setof record
language sql stable
as $$ select * from pgq.get_consumer_info(null, null) $$;
