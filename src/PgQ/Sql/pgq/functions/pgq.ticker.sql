-- Ticking: a tick records the ticking transaction's snapshot (column default) and the event
-- sequence position. Batches are the events between two ticks' snapshots.

-- Ticks one queue if it is due; returns the new tick id or NULL. Due means: enough new events
-- (ticker_max_count) or the oldest untick'd one is old enough (ticker_max_lag); when idle, ticks
-- back off (at least max_lag/2 apart, and at most doubling the previous gap) up to idle_period.
--
-- Every new tick also sends NOTIFY pgq_tick with the queue name as payload (delivered when the
-- ticking transaction commits), so consumers that LISTEN can fetch the batch at once instead of
-- polling; the original has no such signal.
--
-- Unlike the original, the queue row is locked first, so concurrent tickers of one queue
-- serialise and every tick's snapshot is taken after the previous tick committed: tick ids and
-- snapshots always grow together.
create or replace function pgq.ticker(i_queue_name text)
returns bigint
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    q record;
    last record;
    prev_time timestamptz;
    event_seq bigint;
    tx bigint;
begin
    select queue_id, queue_tick_seq, queue_event_seq, queue_external_ticker, queue_ticker_paused,
           queue_ticker_max_count, queue_ticker_max_lag, queue_ticker_idle_period
    into q
    from pgq.queue where queue_name = i_queue_name
    for update;
    if not found then
        raise exception 'no such queue';
    end if;
    if q.queue_external_ticker then
        raise exception 'This queue has external tick source.';
    end if;
    if q.queue_ticker_paused then
        raise exception 'Ticker has been paused for this queue';
    end if;

    event_seq := pgq.seq_getval(q.queue_event_seq);
    select tick_id, tick_time, tick_event_seq, now() - tick_time as lag,
           txid_snapshot_xmin(tick_snapshot) as xmin, txid_snapshot_xmax(tick_snapshot) as xmax
    into last
    from pgq.tick where tick_queue = q.queue_id
    order by tick_queue desc, tick_id desc limit 1;

    if found then
        tx := txid_current();
        if last.xmin > tx then
            raise exception 'Invalid PgQ state: old xmin=%, old xmax=%, cur txid=%', last.xmin, last.xmax, tx;
        end if;
        if event_seq < last.tick_event_seq then
            raise warning 'Negative new_events?  old=% cur=%', last.tick_event_seq, event_seq;
        end if;
        if last.xmax > tx then
            raise warning 'Dubious PgQ state: old xmax=%, cur txid=%', last.xmax, tx;
        end if;

        if event_seq - last.tick_event_seq > 0 then
            if event_seq - last.tick_event_seq < q.queue_ticker_max_count and last.lag < q.queue_ticker_max_lag then
                return null;
            end if;
        else
            select tick_time into prev_time
            from pgq.tick where tick_queue = q.queue_id and tick_id < last.tick_id
            order by tick_queue desc, tick_id desc limit 1;
            if found then
                if last.lag < q.queue_ticker_max_lag / 2
                   or (last.lag < (last.tick_time - prev_time) * 2 and last.lag < q.queue_ticker_idle_period) then
                    return null;
                end if;
            end if;
        end if;
    end if;

    -- A new statement, so in read committed its snapshot (the tick) is taken after the lock above.
    insert into pgq.tick (tick_queue, tick_id, tick_event_seq)
    values (q.queue_id, nextval(q.queue_tick_seq), event_seq);
    perform pg_notify('pgq_tick', i_queue_name);
    return currval(q.queue_tick_seq);
end;
$$;

-- Ticks every queue that has its own ticker and is not paused; returns how many ticked.
create or replace function pgq.ticker()
returns bigint
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    qname text;
    ticked bigint := 0;
begin
    for qname in
        select queue_name from pgq.queue
        where not queue_external_ticker and not queue_ticker_paused
        order by queue_name
    loop
        if pgq.ticker(qname) is not null then
            ticked := ticked + 1;
        end if;
    end loop;
    return ticked;
end;
$$;

-- External tick (cascade branches copy their provider's ticks): inserts the given tick id, time and
-- event position. Tick ids must grow; both sequences are moved forward to the given values.
create or replace function pgq.ticker(i_queue_name text, i_tick_id bigint, i_orig_timestamp timestamptz, i_event_seq bigint)
returns bigint
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    q record;
    last_id bigint;
begin
    select queue_id, queue_tick_seq, queue_event_seq into q
    from pgq.queue
    where queue_name = i_queue_name and queue_external_ticker and not queue_ticker_paused
    for update;
    if not found then
        raise exception 'queue not found or ticker disabled: %', i_queue_name;
    end if;
    select max(tick_id) into last_id from pgq.tick where tick_queue = q.queue_id;
    if last_id is not null and i_tick_id <= last_id then
        raise exception 'tick % for queue "%" is not newer than its last tick %', i_tick_id, i_queue_name, last_id;
    end if;
    insert into pgq.tick (tick_queue, tick_id, tick_time, tick_event_seq)
    values (q.queue_id, i_tick_id, i_orig_timestamp, i_event_seq);
    perform pgq.seq_setval(q.queue_tick_seq, i_tick_id);
    perform pgq.seq_setval(q.queue_event_seq, i_event_seq);
    perform pg_notify('pgq_tick', i_queue_name);
    return i_tick_id;
end;
$$;
