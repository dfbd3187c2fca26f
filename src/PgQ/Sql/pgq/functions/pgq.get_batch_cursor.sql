-- Opens a cursor over a batch's events (optionally filtered by an SQL condition on the event
-- columns) and returns its first i_quick_limit rows; the caller continues with FETCH n FROM the
-- cursor, so a batch of any size streams without being held whole in memory. Returns nothing when
-- any of batch, cursor name or limit is NULL.
create or replace function pgq.get_batch_cursor(
    in i_batch_id bigint, in i_cursor_name text, in i_quick_limit int4, in i_extra_where text,
    out ev_id bigint, out ev_time timestamptz, out ev_txid bigint, out ev_retry int4, out ev_type text,
    out ev_data text, out ev_extra1 text, out ev_extra2 text, out ev_extra3 text, out ev_extra4 text)
returns setof record
language plpgsql
as $$
declare
    sql text;
begin
    if i_batch_id is null or i_cursor_name is null or i_quick_limit is null then
        return;
    end if;
    sql := pgq.batch_event_sql(i_batch_id);
    if i_extra_where is not null then
        sql := 'select * from (' || sql || ') _evs where ' || i_extra_where || ' order by 1';
    end if;
    execute 'declare ' || quote_ident(i_cursor_name) || ' no scroll cursor for ' || sql;
    return query execute 'fetch ' || i_quick_limit || ' from ' || quote_ident(i_cursor_name);
end;
$$;

create or replace function pgq.get_batch_cursor(
    in i_batch_id bigint, in i_cursor_name text, in i_quick_limit int4,
    out ev_id bigint, out ev_time timestamptz, out ev_txid bigint, out ev_retry int4, out ev_type text,
    out ev_data text, out ev_extra1 text, out ev_extra2 text, out ev_extra3 text, out ev_extra4 text)
returns setof record
language sql strict
as $$
    select * from pgq.get_batch_cursor(i_batch_id, i_cursor_name, i_quick_limit, null)
$$;
