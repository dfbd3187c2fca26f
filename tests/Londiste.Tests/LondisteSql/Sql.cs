using System.Globalization;
using Npgsql;

namespace Londiste.Tests.LondisteSql;

/// <summary>Small helpers so the tests read as calls of the londiste SQL API.</summary>
internal static class Sql
{
    public static async Task<object?> ScalarAsync(this NpgsqlConnection connection, string sql, params object?[] args)
    {
        await using var command = Command(connection, sql, args);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public static async Task<T> ScalarAsync<T>(this NpgsqlConnection connection, string sql, params object?[] args) =>
        (T)(await connection.ScalarAsync(sql, args))!;

    public static async Task<int> ExecAsync(this NpgsqlConnection connection, string sql, params object?[] args)
    {
        await using var command = Command(connection, sql, args);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row as one line, values separated by '|', NULL shown as '∅'.</summary>
    public static async Task<List<string>> LinesAsync(this NpgsqlConnection connection, string sql, params object?[] args)
    {
        await using var command = Command(connection, sql, args);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? "∅" : Text(reader.GetValue(i));
            }
            lines.Add(string.Join("|", values));
        }
        return lines;
    }

    /// <summary>The single line of a one-row result (e.g. "200|Table added: public.t").</summary>
    public static async Task<string> LineAsync(this NpgsqlConnection connection, string sql, params object?[] args) =>
        Assert.Single(await connection.LinesAsync(sql, args));

    private static string Text(object value) => value switch
    {
        bool b => b ? "t" : "f",
        Array a => "{" + string.Join(",", a.Cast<object?>().Select(v => v is null ? "∅" : Text(v))) + "}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object?[] args)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg ?? DBNull.Value });
        }
        return command;
    }
}
