-- Subscribes a consumer at a given tick (or the newest when NULL). For a consumer that is already
-- registered, a given tick repositions it and drops its active batch; returns 0 then, 1 for a new one.
create or replace function pgq.register_consumer_at(x_queue_name text, x_consumer_name text, x_tick_pos bigint)
returns integer
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    v_queue_id integer;
    v_consumer_id integer;
    tick bigint;
begin
    if x_consumer_name is null or x_consumer_name = '' then
        raise exception 'invalid consumer name: give a non-empty name';
    end if;
    select q.queue_id into v_queue_id from pgq.queue q where q.queue_name = x_queue_name;
    if not found then
        raise exception 'Event queue not created yet';
    end if;

    insert into pgq.consumer (co_name) values (x_consumer_name) on conflict (co_name) do nothing;
    select co_id into v_consumer_id from pgq.consumer where co_name = x_consumer_name for update;

    if x_tick_pos is not null then
        perform 1 from pgq.tick where tick_queue = v_queue_id and tick_id = x_tick_pos;
        if not found then
            raise exception 'cannot reposition, tick not found: %', x_tick_pos;
        end if;
    end if;

    perform 1 from pgq.subscription where sub_queue = v_queue_id and sub_consumer = v_consumer_id for update;
    if found then
        if x_tick_pos is not null then
            update pgq.subscription
            set sub_last_tick = x_tick_pos, sub_active = now(), sub_batch = null, sub_next_tick = null
            where sub_queue = v_queue_id and sub_consumer = v_consumer_id;
        end if;
        return 0;
    end if;

    tick := x_tick_pos;
    if tick is null then
        select max(tick_id) into tick from pgq.tick where tick_queue = v_queue_id;
        if tick is null then
            raise exception 'No ticks for this queue.  Please run ticker on database.';
        end if;
    end if;
    insert into pgq.subscription (sub_queue, sub_consumer, sub_last_tick) values (v_queue_id, v_consumer_id, tick);
    return 1;
end;
$$;
