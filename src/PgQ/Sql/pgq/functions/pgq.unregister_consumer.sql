-- Removes a subscription with its retry events. Co-operative sub-consumers ("main.sub") share the
-- main consumer's sub_id: removing a sub-consumer removes only its row; removing the main
-- consumer removes it and all its sub-consumers. Returns the number of subscriptions removed.
create or replace function pgq.unregister_consumer(x_queue_name text, x_consumer_name text)
returns integer
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    sub record;
    removed integer;
begin
    select s.sub_id, s.sub_queue into sub
    from pgq.subscription s
    join pgq.queue q on q.queue_id = s.sub_queue
    join pgq.consumer c on c.co_id = s.sub_consumer
    where q.queue_name = x_queue_name and c.co_name = x_consumer_name
    for update of s;
    if not found then
        return 0;
    end if;

    with gone as (
        delete from pgq.subscription s
        using pgq.consumer c
        where c.co_id = s.sub_consumer and s.sub_queue = sub.sub_queue and s.sub_id = sub.sub_id
          and (c.co_name = x_consumer_name or c.co_name like replace(replace(x_consumer_name, '\', '\\'), '_', '\_') || '.%')
        returning s.sub_consumer
    )
    select count(*) into removed from gone;

    perform 1 from pgq.subscription where sub_id = sub.sub_id;
    if not found then
        delete from pgq.retry_queue where ev_owner = sub.sub_id;
    end if;
    delete from pgq.consumer c
    where not exists (select 1 from pgq.subscription s where s.sub_consumer = c.co_id)
      and (c.co_name = x_consumer_name or c.co_name like replace(replace(x_consumer_name, '\', '\\'), '_', '\_') || '.%');
    return removed;
end;
$$;
