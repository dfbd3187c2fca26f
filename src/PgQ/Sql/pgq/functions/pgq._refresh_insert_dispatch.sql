-- Regenerates the static dispatch inside pgq.insert_event_raw: for every queue and event table an
-- INSERT with a fixed table name, so the plan is cached instead of re-planned per event. The
-- function's own source (between the "dispatch begin/end" markers) is the template, so the logic
-- around it has a single definition in pgq.insert_event_raw.sql. Called by the installer,
-- create_queue and drop_queue.
create or replace function pgq._refresh_insert_dispatch()
returns integer
language plpgsql
as $$
declare
    definition text;
    dispatch text := '';
    q record;
    i integer;
    head text;
    tail text;
    begin_marker constant text := '-- dispatch begin';
    end_marker constant text := '-- dispatch end';
begin
    -- Two queue creations at once would both rewrite the function; take turns.
    perform pg_advisory_xact_lock(hashtext('pgq._refresh_insert_dispatch'));
    definition := pg_get_functiondef('pgq.insert_event_raw(text,bigint,timestamptz,integer,integer,text,text,text,text,text,text)'::regprocedure);
    if position(begin_marker in definition) = 0 or position(end_marker in definition) = 0 then
        raise exception 'pgq.insert_event_raw has no dispatch markers: reinstall the pgq schema';
    end if;
    head := substr(definition, 1, position(begin_marker in definition) + length(begin_marker));
    tail := substr(definition, position(end_marker in definition));

    for q in select queue_id, queue_ntables from pgq.queue order by queue_id loop
        dispatch := dispatch || format(E'    if q.queue_id = %s then\n', q.queue_id);
        for i in 0 .. q.queue_ntables - 1 loop
            dispatch := dispatch || format(
                E'        if q.queue_cur_table = %s then\n'
                 '            insert into pgq.event_%s_%s (ev_id, ev_time, ev_owner, ev_retry, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4)\n'
                 '            values (id, coalesce(insert_event_raw.ev_time, now()), insert_event_raw.ev_owner, insert_event_raw.ev_retry,\n'
                 '                    insert_event_raw.ev_type, insert_event_raw.ev_data, insert_event_raw.ev_extra1, insert_event_raw.ev_extra2,\n'
                 '                    insert_event_raw.ev_extra3, insert_event_raw.ev_extra4);\n'
                 '            return id;\n'
                 '        end if;\n', i, q.queue_id, i);
        end loop;
        dispatch := dispatch || E'    end if;\n';
    end loop;

    execute head || E'\n' || dispatch || '    ' || tail;
    return 1;
end;
$$;
