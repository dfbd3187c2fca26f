-- Closes the consumer's active batch: its end tick becomes the consumer's position. Returns 1;
-- for an unknown batch a warning and 0 (as the original), so a repeated finish is harmless.
create or replace function pgq.finish_batch(x_batch_id bigint)
returns integer
language plpgsql security definer
set search_path = pg_catalog
as $$
begin
    update pgq.subscription
    set sub_active = now(), sub_last_tick = sub_next_tick, sub_next_tick = null, sub_batch = null
    where sub_batch = x_batch_id;
    if not found then
        raise warning 'finish_batch: batch % not found', x_batch_id;
        return 0;
    end if;
    return 1;
end;
$$;
