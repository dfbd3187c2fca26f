-- Hands a consumer its next batch: the events between its last finished tick and an end tick.
-- Without sizing arguments the batch spans exactly one tick (Londiste relies on that during
-- table hand-over). i_min_count / i_min_interval make batches span more ticks; i_min_lag keeps
-- the consumer at least that far behind. While a batch is active (not finished) the same batch is
-- returned again, which is how a crashed consumer gets its batch back.
-- The subscription row is locked, so two processes of one consumer never get different batches.
create or replace function pgq.next_batch_custom(
    in i_queue_name text, in i_consumer_name text,
    in i_min_lag interval, in i_min_count int4, in i_min_interval interval,
    out batch_id int8, out cur_tick_id int8, out prev_tick_id int8,
    out cur_tick_time timestamptz, out prev_tick_time timestamptz,
    out cur_tick_event_seq int8, out prev_tick_event_seq int8)
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    sub record;
    prev record;
    nxt record;
begin
    select s.sub_queue, s.sub_consumer, s.sub_id, s.sub_batch, s.sub_last_tick, s.sub_next_tick into sub
    from pgq.queue q
    join pgq.subscription s on s.sub_queue = q.queue_id
    join pgq.consumer c on c.co_id = s.sub_consumer
    where q.queue_name = i_queue_name and c.co_name = i_consumer_name
    for update of s;
    if not found then
        raise exception 'Not subscriber to queue: %/%', coalesce(i_queue_name, 'NULL'), coalesce(i_consumer_name, 'NULL');
    end if;

    update pgq.subscription set sub_active = now()
    where sub_queue = sub.sub_queue and sub_consumer = sub.sub_consumer;

    select tick_id, tick_time, tick_event_seq into prev
    from pgq.tick where tick_queue = sub.sub_queue and tick_id = sub.sub_last_tick;
    if not found then
        raise exception 'PgQ corruption: Consumer % on queue % does not see tick %', i_consumer_name, i_queue_name, sub.sub_last_tick;
    end if;

    if sub.sub_batch is not null then
        select tick_id, tick_time, tick_event_seq into nxt
        from pgq.tick where tick_queue = sub.sub_queue and tick_id = sub.sub_next_tick;
        batch_id := sub.sub_batch;
    else
        if i_min_count is null and i_min_interval is null then
            select tick_id, tick_time, tick_event_seq into nxt
            from pgq.tick where tick_queue = sub.sub_queue and tick_id > prev.tick_id
            order by tick_queue, tick_id limit 1;
        else
            select h.next_tick_id as tick_id, h.next_tick_time as tick_time, h.next_tick_seq as tick_event_seq into nxt
            from pgq.find_tick_helper(sub.sub_queue, prev.tick_id, prev.tick_time, prev.tick_event_seq,
                                      i_min_count, i_min_interval) h;
        end if;
        if nxt.tick_id is null then
            return;
        end if;
        if i_min_lag is not null and now() - nxt.tick_time < i_min_lag then
            return;
        end if;
        batch_id := nextval('pgq.batch_id_seq');
        update pgq.subscription set sub_batch = batch_id, sub_next_tick = nxt.tick_id
        where sub_queue = sub.sub_queue and sub_consumer = sub.sub_consumer;
    end if;

    prev_tick_id := prev.tick_id;
    prev_tick_time := prev.tick_time;
    prev_tick_event_seq := prev.tick_event_seq;
    cur_tick_id := nxt.tick_id;
    cur_tick_time := nxt.tick_time;
    cur_tick_event_seq := nxt.tick_event_seq;
end;
$$;
