using Npgsql;

namespace Londiste.Compare;

/// <summary>The pgq_node / londiste calls compare makes (the same on our schemas and the original's).</summary>
internal static class NodeQueries
{
    public sealed record NodeInfo(string NodeName, string NodeType, string? ProviderNode, string? ProviderLocation, string? WorkerName, long? WorkerLastTick);

    public static async Task<NodeInfo> GetNodeInfoAsync(NpgsqlConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "select ret_code, ret_note, node_name, node_type, provider_node, provider_location, worker_name, worker_last_tick from pgq_node.get_node_info($1)",
            connection);
        command.Parameters.AddWithValue(queue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var code = reader.GetInt32(0);
        if (code >= 400)
        {
            throw new CompareException($"queue \"{queue}\" has no node in database {connection.Database}: {reader.GetString(1)}; check queue_name and db in the config");
        }
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new NodeInfo(reader.GetString(2), reader.GetString(3), Text(4), Text(5), Text(6), reader.IsDBNull(7) ? null : reader.GetInt64(7));
    }

    public static async Task<Dictionary<string, NodeTable>> GetLocalTablesAsync(NpgsqlConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "select table_name, merge_state, dest_table from londiste.get_table_list($1) where local", connection);
        command.Parameters.AddWithValue(queue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tables = new Dictionary<string, NodeTable>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var table = new NodeTable(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
            tables[table.TableName] = table;
        }
        return tables;
    }

    /// <summary>Column names of a table in attribute order (no dropped or system columns).</summary>
    public static Task<List<string>> ColumnsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken) =>
        AttributesAsync(connection, table, "attname::text", cancellationToken);

    /// <summary>"name type" of each column (type with its modifier, as format_type prints it), in attribute order.</summary>
    public static Task<List<string>> TypedColumnsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken) =>
        AttributesAsync(connection, table, "attname::text || ' ' || format_type(atttypid, atttypmod)", cancellationToken);

    private static async Task<List<string>> AttributesAsync(NpgsqlConnection connection, string table, string attribute, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"select {attribute} from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum", connection);
        command.Parameters.AddWithValue(table);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }
        return columns;
    }

    public static async Task<bool> TableExistsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select to_regclass($1) is not null", connection);
        command.Parameters.AddWithValue(table);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
