-- Builds the query that returns a batch's events: rows whose ev_txid is visible in the end tick's
-- snapshot and not in the start tick's, for everybody or owned by this subscription (retries),
-- ordered by ev_id. This is the exactly-once core: every committed transaction becomes visible
-- in exactly one tick snapshot for the first time, so its events belong to exactly one batch.
--
-- Candidates are txids in [xmax(start), xmax(end)) plus those that were in progress at the start
-- tick and finished by the end tick (xip(start) minus xip(end)). Near ones (within 100 of the range)
-- widen the range scan on the ev_txid index; far ones (long transactions) are fetched by an
-- explicit IN list, so one long transaction never turns a batch into a scan of the whole table.
create or replace function pgq.batch_event_sql(x_batch_id bigint)
returns text
language plpgsql
as $$
declare
    b record;
    tx_start bigint;
    tx_end bigint;
    far_txids text := '';
    xid bigint;
    tbl text;
    fields constant text := 'ev_id, ev_time, ev_txid, ev_retry, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4';
    owner_filter text;
    parts text[] := '{}';
begin
    select s.sub_id, t1.tick_snapshot as start_snap, t2.tick_snapshot as end_snap into b
    from pgq.subscription s
    join pgq.tick t1 on t1.tick_queue = s.sub_queue and t1.tick_id = s.sub_last_tick
    join pgq.tick t2 on t2.tick_queue = s.sub_queue and t2.tick_id = s.sub_next_tick
    where s.sub_batch = x_batch_id;
    if not found then
        raise exception 'batch not found';
    end if;

    tx_start := txid_snapshot_xmax(b.start_snap);
    tx_end := txid_snapshot_xmax(b.end_snap);
    for xid in
        select txid_snapshot_xip(b.start_snap)
        except
        select txid_snapshot_xip(b.end_snap)
        order by 1 desc
    loop
        if xid >= tx_start - 100 then
            tx_start := xid;
        else
            far_txids := far_txids || case when far_txids = '' then '' else ',' end || xid;
        end if;
    end loop;

    owner_filter := '(ev.ev_owner is null or ev.ev_owner = ' || b.sub_id || ')';
    for tbl in select pgq.batch_event_tables(x_batch_id) loop
        parts := parts || format(
            'select %s from %s ev where ev.ev_txid >= %s and ev.ev_txid < %s'
            ' and txid_visible_in_snapshot(ev.ev_txid, %L::txid_snapshot)'
            ' and not txid_visible_in_snapshot(ev.ev_txid, %L::txid_snapshot) and %s',
            fields, tbl, tx_start, tx_end, b.end_snap::text, b.start_snap::text, owner_filter);
        if far_txids <> '' then
            parts := parts || format('select %s from %s ev where ev.ev_txid in (%s) and %s',
                                     fields, tbl, far_txids, owner_filter);
        end if;
    end loop;
    if array_length(parts, 1) is null then
        raise exception 'could not construct sql for batch %', x_batch_id;
    end if;
    return array_to_string(parts, ' union all ') || ' order by 1';
end;
$$;
