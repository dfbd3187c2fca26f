-- For custom batch sizes: the end tick of the next batch after i_prev_tick_id that spans at least
-- i_min_count events or i_min_interval of time. Prefers the newest tick; when that overshoots a
-- threshold more than twice, takes the first tick that satisfies one instead, so batches stay
-- near the requested size. No row values (all NULL) when no tick qualifies yet.
create or replace function pgq.find_tick_helper(
    in i_queue_id int4, in i_prev_tick_id int8, in i_prev_tick_time timestamptz, in i_prev_tick_seq int8,
    in i_min_count int8, in i_min_interval interval,
    out next_tick_id int8, out next_tick_time timestamptz, out next_tick_seq int8)
language plpgsql stable
as $$
declare
    newest record;
    qualifies boolean := false;
    overshoots boolean := false;
begin
    select tick_id, tick_time, tick_event_seq into newest
    from pgq.tick where tick_queue = i_queue_id and tick_id > i_prev_tick_id
    order by tick_queue desc, tick_id desc limit 1;
    if not found then
        return;
    end if;
    if i_min_count is not null then
        qualifies := qualifies or newest.tick_event_seq - i_prev_tick_seq >= i_min_count;
        overshoots := overshoots or newest.tick_event_seq - i_prev_tick_seq > i_min_count * 2;
    end if;
    if i_min_interval is not null then
        qualifies := qualifies or newest.tick_time - i_prev_tick_time >= i_min_interval;
        overshoots := overshoots or newest.tick_time - i_prev_tick_time > i_min_interval * 2;
    end if;
    if overshoots then
        select tick_id, tick_time, tick_event_seq into newest
        from pgq.tick
        where tick_queue = i_queue_id and tick_id > i_prev_tick_id
          and ((i_min_count is not null and tick_event_seq - i_prev_tick_seq >= i_min_count)
               or (i_min_interval is not null and tick_time - i_prev_tick_time >= i_min_interval))
        order by tick_queue, tick_id limit 1;
        qualifies := true;
    end if;
    if qualifies then
        next_tick_id := newest.tick_id;
        next_tick_time := newest.tick_time;
        next_tick_seq := newest.tick_event_seq;
    end if;
end;
$$;
