-- Installing re-creates pgq.insert_event_raw from its file (without dispatch); put back the
-- static per-queue INSERTs for the queues that exist.
select pgq._refresh_insert_dispatch();
