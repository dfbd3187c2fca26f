-- Queue settings and health: ticker_lag (age of the newest tick), ev_per_sec (over the last ~20
-- ticks), ev_new (events since the newest tick), last_tick_id. One queue or all (by name).
create or replace function pgq.get_queue_info(
    in i_queue_name text,
    out queue_name text, out queue_ntables integer, out queue_cur_table integer,
    out queue_rotation_period interval, out queue_switch_time timestamptz,
    out queue_external_ticker boolean, out queue_ticker_paused boolean,
    out queue_ticker_max_count integer, out queue_ticker_max_lag interval,
    out queue_ticker_idle_period interval, out ticker_lag interval,
    out ev_per_sec float8, out ev_new bigint, out last_tick_id bigint)
returns setof record
language sql stable
as $$
    select q.queue_name, q.queue_ntables, q.queue_cur_table, q.queue_rotation_period, q.queue_switch_time,
           q.queue_external_ticker, q.queue_ticker_paused, q.queue_ticker_max_count, q.queue_ticker_max_lag,
           q.queue_ticker_idle_period,
           now() - newest.tick_time,
           case when newest.tick_time > oldest.tick_time
                then (newest.tick_event_seq - oldest.tick_event_seq)::float8
                     / extract(epoch from newest.tick_time - oldest.tick_time)::float8 end,
           pgq.seq_getval(q.queue_event_seq) - newest.tick_event_seq,
           newest.tick_id
    from pgq.queue q
    left join lateral (
        select t.tick_id, t.tick_time, t.tick_event_seq from pgq.tick t
        where t.tick_queue = q.queue_id order by t.tick_queue desc, t.tick_id desc limit 1) newest on true
    left join lateral (
        select t.tick_time, t.tick_event_seq from pgq.tick t
        where t.tick_queue = q.queue_id and t.tick_id >= newest.tick_id - 20
        order by t.tick_queue, t.tick_id limit 1) oldest on true
    where i_queue_name is null or q.queue_name = i_queue_name
    order by q.queue_name
$$;

create or replace function pgq.get_queue_info(
    out queue_name text, out queue_ntables integer, out queue_cur_table integer,
    out queue_rotation_period interval, out queue_switch_time timestamptz,
    out queue_external_ticker boolean, out queue_ticker_paused boolean,
    out queue_ticker_max_count integer, out queue_ticker_max_lag interval,
    out queue_ticker_idle_period interval, out ticker_lag interval,
    out ev_per_sec float8, out ev_new bigint, out last_tick_id bigint)
returns setof record
language sql stable
as $$ select * from pgq.get_queue_info(null) $$;
