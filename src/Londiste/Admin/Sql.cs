namespace Londiste.Admin;

/// <summary>The calls into the pgq_node and londiste SQL API the admin commands make (the original's call sequence).</summary>
internal static class Sql
{
    public const string GetNodeInfo = "select * from pgq_node.get_node_info($1)";
    public const string GetQueueLocations = "select * from pgq_node.get_queue_locations($1)";
    public const string RegisterLocation = "select * from pgq_node.register_location($1, $2, $3, $4)";
    public const string UnregisterLocation = "select * from pgq_node.unregister_location($1, $2)";
    public const string CreateNode = "select * from pgq_node.create_node($1, $2, $3, $4, $5, $6::bigint, $7)";
    public const string SetQueueConfig = "select pgq.set_queue_config($1, $2, $3)";
    public const string DropNode = "select * from pgq_node.drop_node($1, $2)";
    public const string RegisterSubscriber = "select * from pgq_node.register_subscriber($1, $2, $3, null)";
    public const string SetNodeAttrs = "select * from pgq_node.set_node_attrs($1, $2)";
    public const string SetConsumerPaused = "select * from pgq_node.set_consumer_paused($1, $2, $3)";
    public const string GetConsumerState = "select * from pgq_node.get_consumer_state($1, $2)";
    public const string GetSubscriberInfo = "select node_name, node_watermark from pgq_node.get_subscriber_info($1)";
    public const string NodeConsumerInfo = "select consumer_name, provider_node, last_tick_id from pgq_node.get_consumer_info($1)";
    public const string CascadedConsumerErrors = "select consumer_name, cur_error from pgq_node.get_consumer_info($1)";
    public const string QueueConsumerTicks = "select consumer_name, current_timestamp - lag as tick_time from pgq.get_consumer_info($1)";
    public const string QueueTickerLag = "select ticker_lag, current_timestamp as now from pgq.get_queue_info($1)";

    public const string TableList = "select * from londiste.get_table_list($1)";
    public const string SetTables = "select table_name, local, coalesce(dest_table, table_name) as dest_table from londiste.get_table_list($1)";
    public const string LocalTables = "select table_name, merge_state, table_attrs from londiste.get_table_list($1) where local order by table_name";
    public const string LocalTableNames = "select table_name from londiste.get_table_list($1) where local order by table_name";
    public const string SeqList = "select seq_name, local, last_value from londiste.get_seq_list($1)";
    public const string ShowMissing = "select * from londiste.local_show_missing($1)";
    public const string GlobalAddTable = "select * from londiste.global_add_table($1, $2)";
    public const string GlobalRemoveTable = "select * from londiste.global_remove_table($1, $2)";
    public const string GlobalUpdateSeq = "select * from londiste.global_update_seq($1, $2, $3)";
    public const string GlobalRemoveSeq = "select * from londiste.global_remove_seq($1, $2)";
    public const string LocalAddTable = "select * from londiste.local_add_table($1, $2, $3, $4, $5)";
    public const string LocalRemoveTable = "select * from londiste.local_remove_table($1, $2)";
    public const string LocalAddSeq = "select * from londiste.local_add_seq($1, $2)";
    public const string LocalRemoveSeq = "select * from londiste.local_remove_seq($1, $2)";
    public const string LocalSetTableState = "select * from londiste.local_set_table_state($1, $2, null, null)";
    public const string LocalSetTableAttrs = "select * from londiste.local_set_table_attrs($1, $2, $3)";
    public const string SyncStates = "select table_name, merge_state, local from londiste.get_table_list($1) where local";

    public const string DatabaseIdentity =
        "select oid::int8 as oid, datname::text as datname, txid_current() as txid, txid_current_snapshot()::text as snap from pg_catalog.pg_database where datname = current_database()";
}
