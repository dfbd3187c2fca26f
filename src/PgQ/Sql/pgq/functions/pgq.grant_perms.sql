-- Gives a queue's event tables and sequences the privileges PgQ clients expect: the grants of
-- pgq.event_template on every event table and the queue's view, sequences readable by everybody (the ticker and
-- monitoring read them), and the event sequence usable by pgq_admin when that role exists.
create or replace function pgq.grant_perms(x_queue_name text)
returns integer
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    q record;
    i integer;
begin
    select queue_id, queue_ntables, queue_event_seq, queue_tick_seq into q
    from pgq.queue where queue_name = x_queue_name;
    if not found then
        raise exception 'Queue not found';
    end if;
    execute 'grant select on ' || pgq.quote_fqname(q.queue_event_seq) || ' to public';
    execute 'grant select on ' || pgq.quote_fqname(q.queue_tick_seq) || ' to public';
    if exists (select 1 from pg_roles where rolname = 'pgq_admin') then
        execute 'grant usage on ' || pgq.quote_fqname(q.queue_event_seq) || ' to pgq_admin';
    end if;
    perform pgq._grant_perms_from('pgq', 'event_template', 'pgq', 'event_' || q.queue_id);
    for i in 0 .. q.queue_ntables - 1 loop
        perform pgq._grant_perms_from('pgq', 'event_template', 'pgq', 'event_' || q.queue_id || '_' || i);
    end loop;
    -- the view capture functions insert through (pgq._refresh_event_view)
    if to_regclass(format('pgq.%I', 'event_' || q.queue_id || '_current')) is not null then
        perform pgq._grant_perms_from('pgq', 'event_template', 'pgq', 'event_' || q.queue_id || '_current');
    end if;
    return 1;
end;
$$;
