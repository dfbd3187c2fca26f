using Npgsql;

namespace Londiste.Tests.Worker;

/// <summary>A database acting as one node of a test cascade.</summary>
public sealed record TestNode(string Name, string Database, string ConnectionString, string Location, string WorkerName)
{
    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.AddWithValue(arg);
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Calls a <c>(ret_code, ret_note)</c> function and fails the test on codes 400 and up.</summary>
    public async Task CallAsync(string function, params object?[] args)
    {
        await using var connection = await OpenAsync();
        var placeholders = string.Join(", ", Enumerable.Range(1, args.Length).Select(i => "$" + i));
        await using var command = new NpgsqlCommand($"select ret_code, ret_note from {function}({placeholders})", connection);
        foreach (var arg in args)
        {
            command.Parameters.Add(arg is null
                ? new NpgsqlParameter { Value = DBNull.Value }
                : new NpgsqlParameter { Value = arg, NpgsqlDbType = arg switch
                {
                    long => NpgsqlTypes.NpgsqlDbType.Bigint,
                    bool => NpgsqlTypes.NpgsqlDbType.Boolean,
                    _ => NpgsqlTypes.NpgsqlDbType.Text,
                } });
        }
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var code = reader.GetInt32(0);
        if (code >= 400)
        {
            throw new InvalidOperationException($"{function}: {code} {reader.GetString(1)}");
        }
    }
}
