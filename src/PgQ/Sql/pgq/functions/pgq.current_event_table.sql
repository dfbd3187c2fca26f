-- Name of the table new events go to, for bulk loading with COPY. Valid only inside the current
-- transaction: a rotation may switch tables afterwards.
create or replace function pgq.current_event_table(x_queue_name text)
returns text
language plpgsql
as $$
declare
    q record;
begin
    select queue_data_pfx, queue_cur_table, queue_disable_insert into q
    from pgq.queue where queue_name = x_queue_name;
    if not found then
        raise exception 'Event queue not found';
    end if;
    -- (a worker without the right to set session_replication_role marks itself in pgq.session_replication_role)
    if q.queue_disable_insert and current_setting('session_replication_role') <> 'replica'
       and coalesce(current_setting('pgq.session_replication_role', true), '') <> 'replica' then
        raise exception 'Writing to queue disabled';
    end if;
    return q.queue_data_pfx || '_' || q.queue_cur_table;
end;
$$;
