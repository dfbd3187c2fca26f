-- Inserts one event into the queue's current event table.
--
-- Speed: a dynamic EXECUTE plans the INSERT on every call (about half the cost of an event).
-- pgq._refresh_insert_dispatch() therefore rewrites this function with one static INSERT per
-- queue and event table between the "dispatch" markers, whose plans PL/pgSQL caches per session;
-- the dynamic INSERT below stays as the fallback for a queue the dispatch does not know yet. Always advances the queue's event
-- sequence (even with an explicit ev_id) because the ticker detects new events by that sequence.
--
-- The transaction id is assigned *before* the queue row is read: a rotation's step 2 records a
-- txid taken after step 1 committed, and readers skip the previous table for transactions newer
-- than that. Taking our txid first guarantees that when it is newer than step 2, the statement
-- that reads queue_cur_table already sees the rotated value (read committed), so an event never
-- lands in a table its readers will not look at.
create or replace function pgq.insert_event_raw(
    queue_name text, ev_id bigint, ev_time timestamptz, ev_owner integer, ev_retry integer,
    ev_type text, ev_data text, ev_extra1 text, ev_extra2 text, ev_extra3 text, ev_extra4 text)
returns bigint
language plpgsql
as $$
declare
    q record;
    id bigint;
    tx bigint;
    sent bigint;
begin
    if queue_name is null then
        raise exception 'Queue name must not be NULL';
    end if;
    tx := txid_current();
    select queue_id, queue_data_pfx, queue_cur_table, queue_event_seq, queue_disable_insert, queue_per_tx_limit
    into q
    from pgq.queue where pgq.queue.queue_name = insert_event_raw.queue_name;
    if not found then
        raise exception 'No such queue';
    end if;
    id := nextval(q.queue_event_seq);
    -- (a worker without the right to set session_replication_role marks itself in pgq.session_replication_role)
    if q.queue_disable_insert and current_setting('session_replication_role') <> 'replica'
       and coalesce(current_setting('pgq.session_replication_role', true), '') <> 'replica' then
        raise exception 'Insert into queue disallowed';
    end if;
    if q.queue_per_tx_limit is not null then
        if q.queue_per_tx_limit = 0 then
            raise exception 'Queue ''%'' allows max % events from one TX', queue_name, q.queue_per_tx_limit;
        end if;
        execute format('select count(*) from %s where ev_txid = $1', q.queue_data_pfx) into sent using tx;
        if sent >= q.queue_per_tx_limit then
            raise exception 'Queue ''%'' allows max % events from one TX', queue_name, q.queue_per_tx_limit;
        end if;
    end if;
    if insert_event_raw.ev_id is not null then
        id := insert_event_raw.ev_id;
    end if;
    -- dispatch begin
    -- (pgq._refresh_insert_dispatch() puts static INSERTs per queue and table here)
    -- dispatch end
    execute format('insert into %s_%s (ev_id, ev_time, ev_owner, ev_retry, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4)'
                   ' values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', q.queue_data_pfx, q.queue_cur_table)
        using id, coalesce(insert_event_raw.ev_time, now()), ev_owner, ev_retry, ev_type, ev_data,
              ev_extra1, ev_extra2, ev_extra3, ev_extra4;
    return id;
end;
$$;
