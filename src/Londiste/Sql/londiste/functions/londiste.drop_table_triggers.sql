-- Drops every capture trigger of the queue from the registered table (its dest_table when set).
-- A capture trigger is recognised by its function (londiste.is_replica_func) and its first
-- argument, the queue name, not by its name.
create or replace function londiste.drop_table_triggers(
    in i_queue_name text,
    in i_table_name text)
returns void
language plpgsql strict
as $$
declare
    target text;
    rel oid;
    trigger_name text;
begin
    select coalesce(t.dest_table, t.table_name) into target
      from londiste.table_info t
     where t.queue_name = i_queue_name and t.table_name = i_table_name;
    if not found then
        return;
    end if;
    rel := londiste.find_table_oid(target);
    if rel is null then
        return;
    end if;

    for trigger_name in
        select g.tgname
          from pg_catalog.pg_trigger g
         where g.tgrelid = rel
           and g.tgnargs > 0
           and londiste.is_replica_func(g.tgfoid)
           and substr(g.tgargs, 1, position('\x00'::bytea in g.tgargs) - 1) = convert_to(i_queue_name, pg_catalog.getdatabaseencoding())
    loop
        execute 'drop trigger ' || quote_ident(trigger_name) || ' on ' || londiste.quote_fqname(target);
    end loop;
end;
$$;
