using Npgsql;
using NpgsqlTypes;

namespace Londiste.Worker;

/// <summary>
/// The pgq_node and londiste calls a worker makes on its own node. Each call runs in whatever transaction the
/// connection is in, so the caller decides what commits together.
/// </summary>
internal static class LocalNode
{
    /// <returns>Null when the queue has no node here (<c>404 Unknown queue</c>).</returns>
    public static async Task<NodeInfo?> GetNodeInfoAsync(NpgsqlConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var command = Command(connection,
            "select ret_code, ret_note, node_type, node_name, provider_node, provider_location, global_watermark, local_watermark, combined_queue from pgq_node.get_node_info($1)",
            queue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(2))
        {
            return null;
        }
        return new NodeInfo(
            reader.GetString(2), reader.GetString(3), Text(reader, 4), Text(reader, 5),
            reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetInt64(7), Text(reader, 8));
    }

    /// <exception cref="NodeCallException">The consumer or its provider is not registered here.</exception>
    public static async Task<ConsumerState> GetConsumerStateAsync(NpgsqlConnection connection, string queue, string consumer, CancellationToken cancellationToken)
    {
        await using var command = Command(connection,
            "select ret_code, ret_note, node_type, node_name, completed_tick, provider_node, provider_location, paused, uptodate, cur_error from pgq_node.get_consumer_state($1, $2)",
            queue, consumer);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var code = reader.GetInt32(0);
        if (code >= 400)
        {
            throw new NodeCallException("pgq_node.get_consumer_state", code, reader.GetString(1));
        }
        return new ConsumerState(
            reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5), reader.GetString(6),
            reader.GetBoolean(7), reader.GetBoolean(8), Text(reader, 9));
    }

    /// <summary>The local tables of the queue (rows of <c>londiste.get_table_list</c> with <c>local</c>).</summary>
    public static async Task<List<TableState>> GetLocalTablesAsync(NpgsqlConnection connection, string queue, CancellationToken cancellationToken)
    {
        var tables = new List<TableState>();
        await using var command = Command(connection,
            "select table_name, merge_state, custom_snapshot, table_attrs, dest_table from londiste.get_table_list($1) where local",
            queue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            var (state, tick) = TableState.ParseState(Text(reader, 1));
            tables.Add(new TableState(name, state, tick, Text(reader, 2), Text(reader, 3), Text(reader, 4) ?? name));
        }
        return tables;
    }

    /// <summary>Every table of the set with its state, local or not (for the provider side of a copy decision).</summary>
    public static async Task<Dictionary<string, (bool Local, string? MergeState)>> GetSetTablesAsync(
        NpgsqlConnection connection, string queue, CancellationToken cancellationToken)
    {
        var tables = new Dictionary<string, (bool, string?)>(StringComparer.Ordinal);
        await using var command = Command(connection, "select table_name, local, merge_state from londiste.get_table_list($1)", queue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables[reader.GetString(0)] = (reader.GetBoolean(1), Text(reader, 2));
        }
        return tables;
    }

    public static Task SetTableStateAsync(NpgsqlConnection connection, string queue, string table, string? snapshot, string? mergeState, CancellationToken cancellationToken) =>
        CallAsync(connection, "londiste.local_set_table_state", cancellationToken, queue, table, snapshot, mergeState);

    public static Task SetConsumerCompletedAsync(NpgsqlConnection connection, string queue, string consumer, long tick, CancellationToken cancellationToken) =>
        CallAsync(connection, "pgq_node.set_consumer_completed", cancellationToken, queue, consumer, tick);

    public static Task SetConsumerErrorAsync(NpgsqlConnection connection, string queue, string consumer, string? error, CancellationToken cancellationToken) =>
        CallAsync(connection, "pgq_node.set_consumer_error", cancellationToken, queue, consumer, error);

    public static Task SetConsumerUptodateAsync(NpgsqlConnection connection, string queue, string consumer, CancellationToken cancellationToken) =>
        CallAsync(connection, "pgq_node.set_consumer_uptodate", cancellationToken, queue, consumer, true);

    public static Task RegisterConsumerAsync(NpgsqlConnection connection, string queue, string consumer, string providerNode, long tick, CancellationToken cancellationToken) =>
        CallAsync(connection, "pgq_node.register_consumer", cancellationToken, queue, consumer, providerNode, tick);

    public static Task UnregisterConsumerAsync(NpgsqlConnection connection, string queue, string consumer, CancellationToken cancellationToken) =>
        CallAsync(connection, "pgq_node.unregister_consumer", cancellationToken, queue, consumer);

    /// <summary>Calls a <c>(ret_code, ret_note)</c> function and throws on codes 400 and up.</summary>
    /// <exception cref="NodeCallException">The function answered 4xx/5xx.</exception>
    public static async Task<(int Code, string Note)> CallAsync(NpgsqlConnection connection, string function, CancellationToken cancellationToken, params object?[] args)
    {
        var placeholders = string.Join(", ", Enumerable.Range(1, args.Length).Select(i => "$" + i));
        await using var command = Command(connection, $"select ret_code, ret_note from {function}({placeholders})", args);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var code = reader.GetInt32(0);
        var note = reader.IsDBNull(1) ? "" : reader.GetString(1);
        if (code >= 400)
        {
            throw new NodeCallException(function, code, note);
        }
        return (code, note);
    }

    /// <summary>A command with positional parameters; strings go as text, null as untyped NULL.</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] args)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.Add(arg switch
            {
                null => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                string s => new NpgsqlParameter { Value = s, NpgsqlDbType = NpgsqlDbType.Text },
                long l => new NpgsqlParameter { Value = l, NpgsqlDbType = NpgsqlDbType.Bigint },
                int i => new NpgsqlParameter { Value = i, NpgsqlDbType = NpgsqlDbType.Integer },
                bool b => new NpgsqlParameter { Value = b, NpgsqlDbType = NpgsqlDbType.Boolean },
                DateTimeOffset t => new NpgsqlParameter { Value = t, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                _ => new NpgsqlParameter { Value = arg },
            });
        }
        return command;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
