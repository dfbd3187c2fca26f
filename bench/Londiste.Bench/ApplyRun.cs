using System.Diagnostics;
using Londiste.Apply;
using Npgsql;
using PgQ;
using PgQ.Events;

namespace Londiste.Bench;

/// <summary>What one consumer's pass over the backlog measured.</summary>
internal sealed record ApplyResult(
    string Mode, long Events, int Batches, double TotalSeconds, double ApplySeconds, ApplyStatistics Statistics, double PeakRssMegabytes, double ClientCpuSeconds, string LoadAverage);

/// <summary>
/// Drains the backlog as the worker does: per batch one source read (<c>pgq.next_batch</c>,
/// <c>pgq.get_batch_events</c>), decoding, one target transaction (<c>session_replication_role = replica</c>,
/// <see cref="BatchApplier.ApplyAsync"/>, commit), then <c>pgq.finish_batch</c>.
/// </summary>
internal static class ApplyRun
{
    public static async Task<ApplyResult> RunAsync(string mode, string sourceConnection, string targetConnection, string consumer,
        BatchApplierOptions options, CancellationToken cancellationToken)
    {
        await using var source = new NpgsqlConnection(sourceConnection);
        await source.OpenAsync(cancellationToken);
        await using var target = new NpgsqlConnection(targetConnection);
        await target.OpenAsync(cancellationToken);
        var applier = new BatchApplier(options);
        PeakMemory.TryReset();
        var total = Stopwatch.StartNew();
        var apply = new Stopwatch();
        var commit = new Stopwatch();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long events = 0;
        var batches = 0;
        var changes = new List<RowChange>(16384);
        while (true)
        {
            var batchId = await ScalarAsync(source, "select pgq.next_batch('replika', $1)", consumer, cancellationToken);
            if (batchId is null)
            {
                break;
            }

            changes.Clear();
            await using (var command = new NpgsqlCommand(
                "select ev_id, ev_time, ev_txid, ev_retry, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4 from pgq.get_batch_events($1)",
                source))
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batchId.Value });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var ev = new PgQEvent(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2),
                        reader.IsDBNull(3) ? null : reader.GetInt32(3), Text(reader, 4), Text(reader, 5), Text(reader, 6),
                        Text(reader, 7), Text(reader, 8), Text(reader, 9));
                    changes.Add(RowChangeDecoder.Decode(ev));
                }
            }

            apply.Start();
            await using (var transaction = await target.BeginTransactionAsync(cancellationToken))
            {
                await using (var role = new NpgsqlCommand("set local session_replication_role = replica", target))
                {
                    await role.ExecuteNonQueryAsync(cancellationToken);
                }

                await applier.ApplyAsync(changes, target, cancellationToken);
                commit.Start();
                await transaction.CommitAsync(cancellationToken);
                commit.Stop();
            }

            apply.Stop();
            await ScalarAsync(source, "select pgq.finish_batch($1)::bigint", batchId.Value, cancellationToken);
            events += changes.Count;
            batches++;
        }

        total.Stop();
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine($"Londiste.Bench: {mode}: commit {commit.Elapsed.TotalSeconds:F2} s of apply {apply.Elapsed.TotalSeconds:F2} s; "
            + $"client CPU {clientCpu:F2} s of {total.Elapsed.TotalSeconds:F2} s");
        var load = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        return new ApplyResult(mode, events, batches, total.Elapsed.TotalSeconds, apply.Elapsed.TotalSeconds, applier.Statistics,
            PeakMemory.PeakMegabytes(), clientCpu, load);
    }

    private static async Task<long?> ScalarAsync(NpgsqlConnection connection, string sql, object argument, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = argument });
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
