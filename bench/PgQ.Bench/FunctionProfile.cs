using System.Globalization;
using System.Text;
using Npgsql;

namespace PgQ.Bench;

/// <summary>
/// With --profile: track_functions = all in the benchmark databases, statistics reset before each
/// run and the functions that took most time printed after it (pg_stat_user_functions). The
/// tracking itself costs time, so profiled figures are not comparable with unprofiled ones.
/// </summary>
internal static class FunctionProfile
{
    public static async Task EnableAsync(string connectionString, string database, CancellationToken cancellationToken)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"alter database \"{database}\" set track_functions = 'all'", db);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task ResetAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select pg_stat_reset()", db);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<string> TopFunctionsAsync(string connectionString, CancellationToken cancellationToken)
    {
        // Backends flush their function statistics when they exit; the run's connections just closed.
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            select schemaname || '.' || funcname || '(' || pg_get_function_identity_arguments(funcid) || ')',
                   calls, total_time, self_time, self_time * 1000 / nullif(calls, 0)
            from pg_stat_user_functions order by self_time desc limit 12
            """, db);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var text = new StringBuilder("    function | calls | total ms | self ms | self µs/call\n");
        while (await reader.ReadAsync(cancellationToken))
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"    {reader.GetString(0)} | {reader.GetInt64(1)} | {reader.GetDouble(2):0} | {reader.GetDouble(3):0} | {(reader.IsDBNull(4) ? 0 : reader.GetDouble(4)):0.0}"));
        }
        return text.ToString();
    }
}
