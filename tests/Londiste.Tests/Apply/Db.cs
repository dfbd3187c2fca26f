using Npgsql;

namespace Londiste.Tests.Apply;

/// <summary>Small statement helpers for the apply tests; values always go as parameters.</summary>
internal static class Db
{
    public static async Task<int> ExecAsync(this NpgsqlConnection connection, string sql, params object?[] args)
    {
        await using var command = Command(connection, sql, args);
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(this NpgsqlConnection connection, string sql, params object?[] args)
    {
        await using var command = Command(connection, sql, args);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<List<string?>> StringsAsync(this NpgsqlConnection connection, string sql, params object?[] args)
    {
        await using var command = Command(connection, sql, args);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return rows;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object?[] args)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        foreach (var arg in args)
        {
            command.Parameters.Add(arg is NpgsqlParameter parameter ? parameter : new NpgsqlParameter { Value = arg ?? DBNull.Value });
        }

        return command;
    }
}
