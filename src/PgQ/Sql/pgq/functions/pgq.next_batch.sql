-- The id of the consumer's next batch, or NULL when there is none yet.
create or replace function pgq.next_batch(i_queue_name text, i_consumer_name text)
returns int8
language sql
as $$
    select batch_id from pgq.next_batch_custom(i_queue_name, i_consumer_name, null, null, null)
$$;
