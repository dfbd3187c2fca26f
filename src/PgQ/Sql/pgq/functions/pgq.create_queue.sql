-- Creates a queue: its row in pgq.queue, the tick and event-id sequences, the parent event table
-- pgq.event_<id> and its children pgq.event_<id>_0 .. _<ntables-1> (each indexed on ev_txid, the
-- key of batch selection) and the view pgq.event_<id>_current that capture functions insert through
-- (see pgq._refresh_event_view), then the first tick so consumers can register at once. Capture
-- functions made while no queue of this name existed (or for a queue of this name dropped since)
-- are remade for it at once, in this transaction.
-- Returns 1 when created, 0 when the queue already exists.
create or replace function pgq.create_queue(i_queue_name text)
returns integer
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    id integer;
    pfx text;
    child text;
    ntables integer;
    i integer;
begin
    if i_queue_name is null then
        raise exception 'Invalid NULL value';
    end if;
    if i_queue_name = '' or length(i_queue_name) > 200 then
        raise exception 'invalid queue name "%": use 1 to 200 characters', i_queue_name;
    end if;
    perform 1 from pgq.queue where queue_name = i_queue_name;
    if found then
        return 0;
    end if;

    id := nextval('pgq.queue_queue_id_seq');
    pfx := 'pgq.event_' || id;
    insert into pgq.queue (queue_id, queue_name, queue_data_pfx, queue_event_seq, queue_tick_seq)
    values (id, i_queue_name, pfx, pfx || '_id_seq', pfx || '_tick_seq')
    returning queue_ntables into ntables;

    execute format('create sequence pgq.%I', 'event_' || id || '_tick_seq');
    execute format('create sequence pgq.%I', 'event_' || id || '_id_seq');
    execute format('create table pgq.%I () inherits (pgq.event_template)', 'event_' || id);
    for i in 0 .. ntables - 1 loop
        child := 'event_' || id || '_' || i;
        execute format('create table pgq.%I () inherits (pgq.%I)', child, 'event_' || id);
        execute format('alter table pgq.%I alter column ev_id set default nextval(%L)', child, pfx || '_id_seq');
        execute format('create index %I on pgq.%I (ev_txid)', child || '_txid_idx', child);
    end loop;
    perform pgq._refresh_event_view(id);

    perform pgq.grant_perms(i_queue_name);
    perform pgq.tune_storage(i_queue_name);
    perform pgq._refresh_insert_dispatch();
    perform pgq.maint_refresh_capture_functions();
    perform pgq.ticker(i_queue_name);
    return 1;
end;
$$;
