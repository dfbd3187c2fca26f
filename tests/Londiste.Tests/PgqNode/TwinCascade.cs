using Npgsql;

namespace Londiste.Tests.PgqNode;

/// <summary>
/// The same cascade twice: node databases with our pgq_node and with the original. Every statement
/// runs on both (autocommit) and must give the same rows, or fail with the same SQLSTATE and message.
/// </summary>
public sealed class TwinCascade : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, NpgsqlConnection> _ours;
    private readonly IReadOnlyDictionary<string, NpgsqlConnection>? _original;

    internal TwinCascade(IReadOnlyDictionary<string, NpgsqlConnection> ours, IReadOnlyDictionary<string, NpgsqlConnection>? original)
    {
        _ours = ours;
        _original = original;
    }

    /// <summary>Whether the results are compared with the original (always under CI).</summary>
    public bool Compared => _original is not null;

    /// <summary>Runs <paramref name="sql"/> on node <paramref name="node"/> of both cascades; returns our outcome.</summary>
    public async Task<SqlOutcome> RunAsync(string node, string sql)
    {
        var ours = await RunOnAsync(_ours[node], sql);
        if (_original is not null)
        {
            var original = await RunOnAsync(_original[node], sql);
            Assert.True(original.ToString() == ours.ToString(),
                $"on {node}: {sql}\n--- original:\n{original}\n--- ours:\n{ours}");
        }
        return ours;
    }

    /// <summary>Runs on both, expecting success; returns our outcome.</summary>
    public async Task<SqlOutcome> OkAsync(string node, string sql)
    {
        var outcome = await RunAsync(node, sql);
        Assert.True(outcome.Error is null, $"on {node}: {sql}\n{outcome.Error}");
        return outcome;
    }

    /// <summary>Runs on our side only (a statement whose result legitimately differs, such as a version).</summary>
    public Task<SqlOutcome> OursAsync(string node, string sql) => RunOnAsync(_ours[node], sql);

    /// <summary>Runs on the original's side only; null when it is not available.</summary>
    public async Task<SqlOutcome?> OriginalAsync(string node, string sql) =>
        _original is null ? null : await RunOnAsync(_original[node], sql);

    private static async Task<SqlOutcome> RunOnAsync(NpgsqlConnection connection, string sql)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<IReadOnlyDictionary<string, object?>>();
            while (await reader.ReadAsync())
            {
                var row = new Dictionary<string, object?>();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }
                rows.Add(row);
            }
            return new SqlOutcome(rows, null);
        }
        catch (PostgresException e)
        {
            return new SqlOutcome([], $"{e.SqlState}: {e.MessageText}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _ours.Values.Concat(_original?.Values ?? []))
        {
            await connection.DisposeAsync();
        }
    }
}
