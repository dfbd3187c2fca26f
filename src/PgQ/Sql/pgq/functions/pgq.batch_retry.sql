-- Puts every event of the batch (not already waiting) into the retry queue; returns how many.
create or replace function pgq.batch_retry(i_batch_id bigint, i_retry_seconds integer)
returns integer
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    sub record;
    cnt integer;
begin
    select sub_queue, sub_id into sub from pgq.subscription where sub_batch = i_batch_id;
    if not found then
        raise exception 'batch_retry: batch % not found', i_batch_id;
    end if;
    insert into pgq.retry_queue (ev_retry_after, ev_queue, ev_id, ev_time, ev_txid, ev_owner, ev_retry,
                                 ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4)
    select now() + i_retry_seconds * interval '1 second', sub.sub_queue, e.ev_id, e.ev_time, null, sub.sub_id,
           coalesce(e.ev_retry, 0) + 1, e.ev_type, e.ev_data, e.ev_extra1, e.ev_extra2, e.ev_extra3, e.ev_extra4
    from pgq.get_batch_events(i_batch_id) e
    where not exists (select 1 from pgq.retry_queue r where r.ev_owner = sub.sub_id and r.ev_id = e.ev_id);
    get diagnostics cnt = row_count;
    return cnt;
end;
$$;
