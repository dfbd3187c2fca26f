-- pgq._refresh_event_view(queue_id): points the queue's view pgq.event_<id>_current at
-- its current event table, and routes the view's INSERTs through pgq.insert_event_raw while the
-- queue refuses inserts or limits them per transaction. Called by create_queue, by the trigger on
-- pgq.queue in the transaction of every change of those settings (pgq._queue_event_view_sync:
-- the rotation's step 1, set_queue_config, pgq_node) and by the installer for queues made before
-- the view existed.
--
-- Why a view: the capture functions that pgq.capture_trigger_function and its JSON/SQL siblings
-- make insert their events into this view, with a plan PL/pgSQL caches, instead of reading the
-- queue's row first (a SELECT on pgq.queue per event cost a sixth of a one-row transaction's
-- capture, about as much as the whole C trigger's own work). The view is auto-updatable, so the
-- planner writes the INSERT straight into the event table it names: no per-row cost at all.
--
-- Why that is safe, and safer than reading queue_cur_table: CREATE OR REPLACE VIEW takes an ACCESS
-- EXCLUSIVE lock on the view, which waits for every transaction that inserted through it (they
-- hold ROW EXCLUSIVE until they end). So once a rotation commits, the table it left gets no more
-- events from the view, and readers, who read the current and the previous table (see
-- pgq.batch_event_tables), find every one. A transaction inserting afterwards takes the view's lock
-- anew, which processes the invalidation, and its cached plan is re-planned onto the new table; the
-- plan comes from the catalog, not from the writer's snapshot. A REPEATABLE READ writer whose
-- snapshot predates two rotations would read the queue_cur_table of three tables back and write
-- into a table no reader looks at any more (tests/PgQ.Tests/Queue/EventViewTests.cs).
--
-- The lock wait is bounded by the session's lock_timeout: while we wait, new writers queue behind
-- our lock request, so the rotation and set_queue_config set a short one; lock_not_available
-- reaches them, and the rotation retries at its next round, set_queue_config reports it.
create or replace function pgq._refresh_event_view(i_queue_id integer)
returns integer
language plpgsql
set search_path = pg_catalog
as $$
declare
    q record;
    view_name text;
    routed boolean;
begin
    select queue_id, queue_name, queue_cur_table, queue_disable_insert, queue_per_tx_limit into q
      from pgq.queue where queue_id = i_queue_id;
    if not found then
        raise exception 'No such event queue: id %', i_queue_id;
    end if;
    view_name := 'event_' || q.queue_id || '_current';
    execute format('create or replace view pgq.%I as select * from pgq.%I',
                   view_name, 'event_' || q.queue_id || '_' || q.queue_cur_table);
    routed := exists (select 1 from pg_trigger
                       where tgrelid = ('pgq.' || quote_ident(view_name))::regclass and tgname = 'insert_event_raw');
    if q.queue_disable_insert or q.queue_per_tx_limit is not null then
        if not routed then
            execute format('create trigger insert_event_raw instead of insert on pgq.%I for each row'
                           ' execute function pgq._event_view_insert(%L)', view_name, q.queue_name);
        end if;
    elsif routed then
        execute format('drop trigger insert_event_raw on pgq.%I', view_name);
    end if;
    return 1;
end;
$$;
