-- Installing re-creates pgq.insert_event_raw from its file (without dispatch); put back the
-- static per-queue INSERTs for the queues that exist.
select pgq._refresh_insert_dispatch();
-- Queues made before capture functions inserted through a view (pgq._refresh_event_view) get it now.
select pgq._refresh_event_view(q.queue_id, null), pgq.grant_perms(q.queue_name)
  from pgq.queue q
 where to_regclass(format('pgq.%I', 'event_' || q.queue_id || '_current')) is null;
