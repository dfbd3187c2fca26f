-- The maintenance plan a ticker daemon runs, in order, each entry as its own transaction: call
-- func_name(func_arg) (or func_name() when func_arg is NULL) until it returns 0; func_name
-- 'vacuum' means VACUUM of table func_arg. Hooks of pgq_node and londiste are listed only when
-- those schemas are installed.
create or replace function pgq.maint_operations(out func_name text, out func_arg text)
returns setof record
language plpgsql
as $$
declare
    q record;
    rotations integer := 0;
    extra text;
begin
    for q in
        select queue_name from pgq.queue
        where queue_rotation_period is not null and queue_switch_step2 is not null
          and queue_switch_time + queue_rotation_period < now()
        order by queue_name
    loop
        func_name := 'pgq.maint_rotate_tables_step1';
        func_arg := q.queue_name;
        rotations := rotations + 1;
        return next;
    end loop;
    if rotations > 0 or exists (select 1 from pgq.queue where queue_switch_step2 is null) then
        func_name := 'pgq.maint_rotate_tables_step2';
        func_arg := null;
        return next;
    end if;

    for q in select queue_name, queue_extra_maint from pgq.queue where queue_extra_maint is not null order by queue_name loop
        foreach extra in array q.queue_extra_maint loop
            func_name := extra;
            func_arg := q.queue_name;
            return next;
        end loop;
    end loop;

    for func_arg in select t from pgq.maint_tables_to_vacuum() t loop
        func_name := 'vacuum';
        return next;
    end loop;

    -- per-table capture functions whose table or queue changed since they were made
    if exists (select 1 from pg_catalog.pg_proc p
                where p.pronamespace = 'pgq'::regnamespace and p.proname ~ '^_(logutriga|jsontriga|sqltriga)_[0-9]') then
        func_name := 'pgq.maint_refresh_capture_functions';
        func_arg := null;
        return next;
    end if;

    if to_regprocedure('pgq_node.maint_watermark(text)') is not null then
        for q in execute 'select queue_name from pgq_node.node_info where node_type = ''root'' order by queue_name' loop
            func_name := 'pgq_node.maint_watermark';
            func_arg := q.queue_name;
            return next;
        end loop;
    end if;
    if to_regprocedure('londiste.root_check_seqs(text)') is not null then
        for q in execute 'select distinct n.queue_name from pgq_node.node_info n join londiste.seq_info s on s.queue_name = n.queue_name'
                         ' where n.node_type = ''root'' and s.local order by 1' loop
            func_name := 'londiste.root_check_seqs';
            func_arg := q.queue_name;
            return next;
        end loop;
    end if;
    if to_regprocedure('londiste.periodic_maintenance()') is not null then
        func_name := 'londiste.periodic_maintenance';
        func_arg := null;
        return next;
    end if;
    return;
end;
$$;
