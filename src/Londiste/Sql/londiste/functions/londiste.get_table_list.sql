-- Tables registered on the queue, in registration order, with their copy state. copy_role and
-- copy_pos (see londiste._coordinate_copy) are only worked out while a table is being copied
-- ('in-copy' or 'catching-up'); otherwise they are NULL and 0.
create or replace function londiste.get_table_list(
    in i_queue_name text,
    out table_name text,
    out local boolean,
    out merge_state text,
    out custom_snapshot text,
    out table_attrs text,
    out dropped_ddl text,
    out copy_role text,
    out copy_pos int4,
    out dest_table text)
returns setof record
language plpgsql strict stable
as $$
declare
    t record;
    c record;
begin
    for t in
        select i.table_name, i.local, i.merge_state, i.custom_snapshot, i.table_attrs, i.dropped_ddl, i.dest_table
          from londiste.table_info i
         where i.queue_name = i_queue_name
         order by i.nr, i.table_name
    loop
        table_name := t.table_name;
        local := t.local;
        merge_state := t.merge_state;
        custom_snapshot := t.custom_snapshot;
        table_attrs := t.table_attrs;
        dropped_ddl := t.dropped_ddl;
        dest_table := t.dest_table;
        copy_role := null;
        copy_pos := 0;
        if t.merge_state in ('in-copy', 'catching-up') then
            c := londiste._coordinate_copy(i_queue_name, t.table_name);
            copy_role := c.copy_role;
            copy_pos := c.copy_pos;
        end if;
        return next;
    end loop;
end;
$$;
