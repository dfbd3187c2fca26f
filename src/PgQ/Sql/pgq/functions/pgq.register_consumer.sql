-- Subscribes a consumer at the newest tick: it sees events of transactions that commit after it.
-- Returns 1 when newly registered, 0 when it already was.
create or replace function pgq.register_consumer(x_queue_name text, x_consumer_id text)
returns integer
language sql security definer
set search_path = pg_catalog
as $$ select pgq.register_consumer_at(x_queue_name, x_consumer_id, null) $$;
