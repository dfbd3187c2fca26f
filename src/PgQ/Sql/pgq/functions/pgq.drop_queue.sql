-- Drops a queue with its event tables, ticks, retry events and sequences. Without force it
-- refuses while consumers are registered; with force it unregisters them first. Capture functions
-- made for the queue are remade in this transaction: they insert through its view, which is gone,
-- and now raise the original's error for a missing queue instead.
create or replace function pgq.drop_queue(x_queue_name text, x_force bool)
returns integer
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    q record;
    sub record;
    i integer;
begin
    select * into q from pgq.queue where queue_name = x_queue_name for update;
    if not found then
        raise exception 'No such event queue';
    end if;

    if x_force then
        for sub in
            select c.co_name from pgq.subscription s join pgq.consumer c on c.co_id = s.sub_consumer
            where s.sub_queue = q.queue_id
        loop
            perform pgq.unregister_consumer(x_queue_name, sub.co_name);
        end loop;
    else
        perform 1 from pgq.subscription where sub_queue = q.queue_id;
        if found then
            raise exception 'cannot drop queue, consumers still attached';
        end if;
    end if;

    execute format('drop view if exists pgq.%I', 'event_' || q.queue_id || '_current');
    for i in 0 .. q.queue_ntables - 1 loop
        execute format('drop table if exists pgq.%I', 'event_' || q.queue_id || '_' || i);
    end loop;
    execute format('drop table if exists pgq.%I', 'event_' || q.queue_id);
    delete from pgq.retry_queue where ev_queue = q.queue_id;
    delete from pgq.tick where tick_queue = q.queue_id;
    delete from pgq.queue where queue_id = q.queue_id;
    execute 'drop sequence if exists ' || pgq.quote_fqname(q.queue_tick_seq);
    execute 'drop sequence if exists ' || pgq.quote_fqname(q.queue_event_seq);
    perform pgq._refresh_insert_dispatch();
    perform pgq.maint_refresh_capture_functions();
    return 1;
end;
$$;

create or replace function pgq.drop_queue(x_queue_name text)
returns integer
language sql strict
as $$ select pgq.drop_queue(x_queue_name, false) $$;
