-- Adds a table on this node: on the root it joins the queue (londiste.add-table is sent) and is
-- captured at once ('ok'); on a subscriber it must already be on the queue and waits for its copy
-- (merge_state NULL) unless expect_sync / virtual_table say it is in sync. Capture triggers are
-- created through londiste.create_trigger (see londiste._create_capture_triggers for i_trg_args).
--
-- Options in i_trg_args besides trigger arguments: expect_sync, skip_truncate (sets the
-- skip_truncate table attribute), merge_all / no_merge (tables merged from several queues into
-- one on a leaf), virtual_table (no table, no triggers, no copy), no_triggers.
-- A table without a primary key is refused unless its key columns are given as pkey=c1,c2 (the
-- original refuses it in any case; its capture functions already accept pkey=).
--
-- Returns 200 (added / already added / added with no triggers), 301 (added, but another AFTER row
-- trigger sorts before ours and so fires first), 400 (no primary key, unknown key column, no such
-- queue), 404 (no such table, or not on the queue), 405 (conflicting merge options or sources),
-- 410 (already added with other attributes), or the failure of the trigger creation.
create or replace function londiste.local_add_table(
    in i_queue_name text,
    in i_table_name text,
    in i_trg_args text[],
    in i_table_attrs text,
    in i_dest_table text,
    out ret_code int4,
    out ret_note text)
language plpgsql
as $$
declare
    arg text;
    attrs text := i_table_attrs;
    expect_sync boolean := false;
    merge_all boolean := false;
    no_merge boolean := false;
    virtual_table boolean := false;
    key_list text[];
    key_col text;
    fq_name text := londiste.make_fqname(i_table_name);
    dest text := londiste.make_fqname(coalesce(i_dest_table, i_table_name));
    descr text;
    rel oid;
    node record;
    tbl record;
    new_state text;
    other record;
    combined record;
    trg record;
    earlier_trigger text;
begin
    foreach arg in array coalesce(i_trg_args, '{}') loop
        if arg = 'expect_sync' then
            expect_sync := true;
        elsif arg = 'skip_truncate' then
            attrs := coalesce(attrs || '&skip_truncate=1', 'skip_truncate=1');
        elsif arg = 'merge_all' then
            merge_all := true;
        elsif arg = 'no_merge' then
            no_merge := true;
        elsif arg = 'virtual_table' then
            virtual_table := true;
            expect_sync := true;  -- nothing to copy
        elsif arg like 'pkey=%' then
            key_list := string_to_array(substr(arg, 6), ',');
        end if;
    end loop;

    if merge_all and no_merge then
        ret_code := 405;
        ret_note := 'Cannot use merge-all and no-merge together';
        return;
    end if;

    descr := case when dest = fq_name then fq_name else fq_name || '(' || dest || ')' end;

    if not virtual_table then
        rel := londiste.find_table_oid(dest);
        if rel is null then
            ret_code := 404;
            ret_note := 'Table does not exist: ' || descr;
            return;
        end if;
        if key_list is not null then
            foreach key_col in array key_list loop
                if not exists (select 1 from pg_catalog.pg_attribute a
                                where a.attrelid = rel and a.attname = key_col and a.attnum > 0 and not a.attisdropped) then
                    ret_code := 400;
                    ret_note := 'Key column ' || quote_ident(key_col) || ' (pkey=) not found on table: ' || descr;
                    return;
                end if;
            end loop;
        elsif not exists (select 1 from pg_catalog.pg_index i where i.indrelid = rel and i.indisprimary)
              -- A table merged from several queues may have lost its key to the copy of another
              -- queue (dropped_ddl), which puts it back later.
              and not exists (select 1
                                from pgq_node.node_info me
                                join pgq_node.node_info o
                                  on o.combined_queue = me.combined_queue and o.queue_name <> me.queue_name
                                join londiste.table_info t on t.queue_name = o.queue_name
                               where me.queue_name = i_queue_name
                                 and coalesce(t.dest_table, t.table_name) = dest
                                 and t.dropped_ddl is not null) then
            ret_code := 400;
            ret_note := 'Primary key missing on table: ' || descr;
            return;
        end if;
    end if;

    select * into node from pgq_node.get_node_info(i_queue_name);
    if not found or node.ret_code >= 400 then
        ret_code := 400;
        ret_note := 'No such set: ' || i_queue_name;
        return;
    end if;

    select t.local, t.table_attrs into tbl
      from londiste.table_info t
     where t.queue_name = i_queue_name and t.table_name = fq_name;
    if not found then
        if node.node_type <> 'root' then
            ret_code := 404;
            ret_note := 'Table not available on queue: ' || descr;
            return;
        end if;
        select f.ret_code, f.ret_note into ret_code, ret_note
          from londiste.global_add_table(i_queue_name, i_table_name) f;
        if ret_code <> 200 then
            return;
        end if;
        select t.local, t.table_attrs into tbl
          from londiste.table_info t
         where t.queue_name = i_queue_name and t.table_name = fq_name;
    end if;

    if tbl.local then
        if tbl.table_attrs is distinct from attrs then
            ret_code := 410;
            ret_note := 'Table ' || descr || ' already added, but with different args: ' || coalesce(tbl.table_attrs, '');
        else
            ret_code := 200;
            ret_note := 'Table already added: ' || descr;
        end if;
        return;
    end if;

    if node.node_type = 'root' then
        new_state := 'ok';
        perform londiste.root_notify_change(i_queue_name, 'londiste.add-table', fq_name);
    elsif node.node_type = 'leaf' and node.combined_type = 'branch' then
        new_state := 'ok';  -- the combined branch copies it
    elsif expect_sync then
        new_state := 'ok';
    end if;

    update londiste.table_info t
       set local = true,
           merge_state = new_state,
           table_attrs = coalesce(attrs, t.table_attrs),
           dest_table = nullif(dest, fq_name)
     where t.queue_name = i_queue_name and t.table_name = fq_name;
    if not found then
        raise exception 'lost table: %', fq_name;
    end if;

    if node.node_type = 'leaf' and not no_merge then
        -- The same destination table fed by the other queues of this node's combined queue.
        for other in
            select t2.queue_name, t2.table_name, t2.local
              from pgq_node.node_info me
              join pgq_node.node_info o on o.combined_queue is not distinct from me.combined_queue
              join londiste.table_info t2 on t2.queue_name = o.queue_name
             where me.queue_name = i_queue_name
               and t2.queue_name <> i_queue_name
               and coalesce(t2.dest_table, t2.table_name) = dest
        loop
            if coalesce(new_state, 'x') <> 'ok' then
                if other.local then
                    ret_code := 405;
                    ret_note := 'Found local table ' || descr || ' in queue ' || other.queue_name
                        || ', use remove-table first to remove all previous table subscriptions';
                    return;
                elsif not merge_all then
                    ret_code := 405;
                    ret_note := 'Found multiple sources for table ' || descr || ', use merge-all or no-merge to continue';
                    return;
                end if;
            end if;
            update londiste.table_info t
               set local = true, merge_state = new_state, table_attrs = coalesce(attrs, t.table_attrs)
             where t.queue_name = other.queue_name and t.table_name = other.table_name;
            if not found then
                raise exception 'lost table: % on queue %', other.table_name, other.queue_name;
            end if;
        end loop;

        -- A leaf of a combined root or branch adds the table there too (keeping both names).
        select c.queue_name, t.table_name into combined
          from pgq_node.node_info me
          join pgq_node.node_info c on c.queue_name = me.combined_queue
          left join londiste.table_info t on t.queue_name = c.queue_name and t.table_name = fq_name and t.local
         where me.queue_name = i_queue_name and c.node_type in ('root', 'branch');
        if found and combined.table_name is null then
            select f.ret_code, f.ret_note into ret_code, ret_note
              from londiste.local_add_table(combined.queue_name, fq_name, i_trg_args, attrs, dest) f;
            if ret_code >= 300 then
                return;
            end if;
        end if;
    end if;

    trg := londiste.create_trigger(i_queue_name, fq_name, i_trg_args, dest, node.node_type);
    if trg.ret_code > 299 then
        ret_code := trg.ret_code;
        ret_note := 'Trigger creation failed for table ' || descr || ': ' || trg.ret_note;
        return;
    elsif trg.ret_code = 201 then
        ret_code := 200;
        ret_note := 'Table added with no triggers: ' || descr;
        return;
    end if;

    -- AFTER row triggers fire in name order: one sorting before ours sees (and may change) rows
    -- before they are queued, which can replicate them out of order. Londiste's own are fine.
    select g.tgname into earlier_trigger
      from pg_catalog.pg_trigger g
     where g.tgrelid = londiste.find_table_oid(dest)
       and not g.tgisinternal
       and g.tgname < trg.trigger_name::name
       and (g.tgtype & 3) = 1
       and not londiste.is_replica_func(g.tgfoid)
       and left(g.tgname, 10) <> '_londiste_'
       and right(g.tgname, 7) <> '_logger'
     order by 1
     limit 1;
    if earlier_trigger is not null then
        ret_code := 301;
        ret_note := 'Table added: ' || descr || ', but londiste trigger is not first: ' || earlier_trigger;
        return;
    end if;

    ret_code := 200;
    ret_note := 'Table added: ' || descr;
end;
$$;

create or replace function londiste.local_add_table(
    in i_queue_name text,
    in i_table_name text,
    in i_trg_args text[],
    in i_table_attrs text,
    out ret_code int4,
    out ret_note text)
language plpgsql
as $$
declare
    r record;
begin
    r := londiste.local_add_table(i_queue_name, i_table_name, i_trg_args, i_table_attrs, null);
    ret_code := r.ret_code;
    ret_note := r.ret_note;
end;
$$;

create or replace function londiste.local_add_table(
    in i_queue_name text,
    in i_table_name text,
    in i_trg_args text[],
    out ret_code int4,
    out ret_note text)
language plpgsql
as $$
declare
    r record;
begin
    r := londiste.local_add_table(i_queue_name, i_table_name, i_trg_args, null, null);
    ret_code := r.ret_code;
    ret_note := r.ret_note;
end;
$$;

create or replace function londiste.local_add_table(
    in i_queue_name text,
    in i_table_name text,
    out ret_code int4,
    out ret_note text)
language plpgsql strict
as $$
declare
    r record;
begin
    r := londiste.local_add_table(i_queue_name, i_table_name, null, null, null);
    ret_code := r.ret_code;
    ret_note := r.ret_note;
end;
$$;
