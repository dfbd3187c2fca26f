-- Rotation, first half: switch producers to the next event table after truncating it.
-- Skipped while the slowest consumer's last tick still sees transactions from before the
-- previous rotation finished (its xmin <= step2): that consumer may still need the table that
-- would be truncated. A lagging consumer therefore holds rotation back; nothing is lost. So do
-- transactions that inserted through the queue's view and stay open (see below).
-- Old ticks are pruned here too, keeping one rotation's worth so consumers can be moved back.
create or replace function pgq.maint_rotate_tables_step1(i_queue_name text)
returns integer
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    q record;
    slowest_tick bigint;
    slowest_xmin bigint;
    nr integer;
    tbl text;
    tx bigint;
    old_lock_timeout constant text := current_setting('lock_timeout');
begin
    select * into q from pgq.queue where queue_name = i_queue_name for update;
    if not found then
        raise exception 'No such event queue: %', i_queue_name;
    end if;
    if q.queue_rotation_period is null or q.queue_switch_step2 is null
       or q.queue_switch_time + q.queue_rotation_period >= now() then
        return 0;
    end if;
    tx := txid_current();
    if tx < q.queue_switch_step1 then
        raise exception 'queue % maint failure: step1=%, current=%', i_queue_name, q.queue_switch_step1, tx;
    end if;

    select min(sub_last_tick) into slowest_tick from pgq.subscription where sub_queue = q.queue_id;
    if slowest_tick is not null then
        select txid_snapshot_xmin(tick_snapshot) into slowest_xmin
        from pgq.tick where tick_queue = q.queue_id and tick_id = slowest_tick;
        if not found then
            raise exception 'queue % maint failure: tick % not found', i_queue_name, slowest_tick;
        end if;
        if slowest_xmin <= q.queue_switch_step2 then
            return 0;
        end if;
    end if;

    nr := (q.queue_cur_table + 1) % q.queue_ntables;
    tbl := q.queue_data_pfx || '_' || nr;
    begin
        -- pg_dump or a long reader may hold the table; try again next maintenance round.
        execute 'lock table ' || tbl || ' nowait';
        execute 'truncate ' || tbl;
        -- The capture functions' view follows (pgq._queue_event_view_sync), once every transaction
        -- that inserted through it has ended (see pgq._refresh_event_view). Writers queue behind
        -- the lock request while it waits, so it waits briefly (50 ms) and a transaction holding
        -- the view puts the rotation off to a later round. So that writers whose transactions
        -- overlap without a pause cannot put it off for ever, a rotation late by a whole period
        -- waits up to a second.
        perform set_config('lock_timeout',
                           case when q.queue_switch_time + 2 * q.queue_rotation_period < now() then '1s' else '50ms' end,
                           true);
        update pgq.queue
        set queue_cur_table = nr, queue_switch_time = now(), queue_switch_step1 = tx, queue_switch_step2 = null
        where queue_id = q.queue_id;
        perform set_config('lock_timeout', old_lock_timeout, true);
    exception when lock_not_available then
        -- (the block's GUC change is undone with it)
        return 0;
    end;

    delete from pgq.tick
    where tick_queue = q.queue_id
      and txid_snapshot_xmin(tick_snapshot) < q.queue_switch_step2
      and tick_id < (select max(tick_id) from pgq.tick where tick_queue = q.queue_id)
      and tick_id not in (select sub_last_tick from pgq.subscription where sub_queue = q.queue_id and sub_last_tick is not null);
    return 0;
end;
$$;
