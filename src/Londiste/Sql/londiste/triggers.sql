-- A table leaving londiste.table_info (also by the cascade from pgq_node.node_info) takes its
-- capture triggers with it. Created here, after the function it calls; re-running replaces it.
create or replace trigger table_info_trigger_sync
    before delete on londiste.table_info
    for each row execute function londiste.table_info_trigger();
