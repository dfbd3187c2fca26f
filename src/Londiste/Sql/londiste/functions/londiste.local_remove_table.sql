-- Stops replicating a table on this node: drops its capture triggers, puts back DDL dropped for a
-- copy still in progress (emptying the half-copied table first), resets its state and removes
-- the sequences its serial columns use. On the root the table also leaves the queue and the
-- subscribers are told (londiste.remove-table).
-- Returns 200 (removed) or 400 (unknown table, or not local on a subscriber).
create or replace function londiste.local_remove_table(
    in i_queue_name text,
    in i_table_name text,
    out ret_code int4,
    out ret_note text)
language plpgsql strict
as $$
declare
    fq_name text := londiste.make_fqname(i_table_name);
    quoted text := londiste.quote_fqname(fq_name);
    rel oid := londiste.find_table_oid(i_table_name);
    is_root boolean := pgq_node.is_root_node(i_queue_name);
    tbl record;
    seq_name text;
begin
    select t.local, t.dropped_ddl into tbl
      from londiste.table_info t
     where t.queue_name = i_queue_name and t.table_name = fq_name
       for update;
    if not found then
        ret_code := 400;
        ret_note := 'Table not found: ' || fq_name;
        return;
    end if;

    if tbl.local then
        perform londiste.drop_table_triggers(i_queue_name, fq_name);
        if tbl.dropped_ddl is not null then
            -- The copy did not finish: its rows are worthless and make restoring indexes slow.
            execute 'truncate only ' || quoted;
            execute tbl.dropped_ddl;
        end if;
        update londiste.table_info t
           set local = false, custom_snapshot = null, table_attrs = null,
               dropped_ddl = null, merge_state = null, dest_table = null
         where t.queue_name = i_queue_name and t.table_name = fq_name;

        for seq_name in
            select s.nspname || '.' || c.relname
              from pg_catalog.pg_attribute a
              join pg_catalog.pg_class c
                on c.oid = pg_catalog.pg_get_serial_sequence(quoted, a.attname)::regclass::oid
              join pg_catalog.pg_namespace s on s.oid = c.relnamespace
             where a.attrelid = rel and a.attnum > 0 and not a.attisdropped and a.atthasdef
               and a.atttypid in ('int4'::regtype, 'int8'::regtype)
        loop
            perform londiste.local_remove_seq(i_queue_name, seq_name);
        end loop;
    elsif not is_root then
        ret_code := 400;
        ret_note := 'Table not registered locally: ' || fq_name;
        return;
    end if;

    if is_root then
        perform londiste.global_remove_table(i_queue_name, fq_name);
        perform londiste.root_notify_change(i_queue_name, 'londiste.remove-table', fq_name);
    end if;

    ret_code := 200;
    ret_note := 'Table removed: ' || fq_name;
end;
$$;
