-- Trigger function of londiste.table_info: a table leaving the registry (also through the
-- cascade from pgq_node.node_info) loses its capture triggers.
create or replace function londiste.table_info_trigger()
returns trigger
language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        perform londiste.drop_table_triggers(old.queue_name, old.table_name);
    end if;
    return old;
end;
$$;
