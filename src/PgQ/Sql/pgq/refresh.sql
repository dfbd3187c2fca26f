-- Installing re-creates pgq.insert_event_raw from its file (without dispatch); put back the
-- static per-queue INSERTs for the queues that exist.
select pgq._refresh_insert_dispatch();
-- Queues made before capture functions inserted through a view (pgq._refresh_event_view) get it now.
select pgq._refresh_event_view(q.queue_id), pgq.grant_perms(q.queue_name)
  from pgq.queue q
 where to_regclass(format('pgq.%I', 'event_' || q.queue_id || '_current')) is null;
-- The view follows every change of a queue row that matters to it (pgq._queue_event_view_sync);
-- made once, so that a reinstall does not lock pgq.queue against producers.
do $$
begin
    if not exists (select 1 from pg_trigger where tgrelid = 'pgq.queue'::regclass and tgname = 'event_view_sync') then
        create trigger event_view_sync after update on pgq.queue for each row
            when (old.queue_cur_table <> new.queue_cur_table
                  or old.queue_disable_insert <> new.queue_disable_insert
                  or (old.queue_per_tx_limit is null) <> (new.queue_per_tx_limit is null))
            execute function pgq._queue_event_view_sync();
    end if;
end;
$$;
