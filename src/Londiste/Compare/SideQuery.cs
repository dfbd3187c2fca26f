using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Londiste.Compare;

/// <summary>
/// Runs the compare query on one side inside that side's snapshot. For the built-in queries on a
/// big table the scan is cut into ranges of pages (TID range scans, one sequential pass in total)
/// whose counts and checksums add up exactly to the whole table's, so progress and an ETA can be
/// shown, and the ranges are shared by <see cref="Parallel"/> connections that all read the same
/// snapshot (exported by the side's transaction), so a side uses more than one core; a custom
/// compare_sql runs as one statement.
/// </summary>
internal sealed class SideQuery(NpgsqlConnection connection, string connectionString, string side, string table, long pagesPerChunk, ILogger logger)
{
    // Chunks of 64 MB by default (8 kB pages): a progress line every second or so on common hardware.

    // Connections per side: the two sides already run at the same time, so two each keeps up to four cores busy
    // when provider and subscriber are different machines; more would mostly wait for the disk.
    private const int Parallel = 2;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    private readonly Stopwatch _stopwatch = new();
    private long _nextChunk = -1;
    private long _pagesDone;
    private long _lastReportTicks;

    public async Task<Dictionary<string, object?>> RunAsync(string sql, bool additive, CancellationToken cancellationToken)
    {
        if (!additive)
        {
            return await OneRowAsync(connection, sql, cancellationToken);
        }
        long totalPages;
        await using (var size = new NpgsqlCommand(
            "select pg_relation_size(c.oid) / current_setting('block_size')::int8 from pg_class c where c.oid = $1::regclass", connection))
        {
            size.Parameters.AddWithValue(table);
            totalPages = (long)(await size.ExecuteScalarAsync(cancellationToken))!;
        }
        if (totalPages <= pagesPerChunk)
        {
            return await OneRowAsync(connection, sql, cancellationToken);
        }

        _stopwatch.Start();
        var chunks = (totalPages + pagesPerChunk - 1) / pagesPerChunk;
        var helpers = new List<NpgsqlConnection>();
        try
        {
            if (chunks > 1)
            {
                // The helpers read exactly the snapshot of this side's transaction (taken at the sync point).
                string snapshot;
                await using (var export = new NpgsqlCommand("select pg_export_snapshot()", connection))
                {
                    snapshot = (string)(await export.ExecuteScalarAsync(cancellationToken))!;
                }
                for (var i = 1; i < Math.Min(Parallel, chunks); i++)
                {
                    var helper = new NpgsqlConnection(connectionString);
                    helpers.Add(helper);
                    await helper.OpenAsync(cancellationToken);
                    await ExecAsync(helper, "begin transaction isolation level repeatable read read only", cancellationToken);
                    await ExecAsync(helper, $"set transaction snapshot '{snapshot}'", cancellationToken);
                }
            }
            var parts = await Task.WhenAll(new[] { connection }.Concat(helpers)
                .Select(c => ChunksAsync(c, sql, chunks, totalPages, cancellationToken)));
            return parts.Where(p => p is not null).Aggregate((a, b) => Add(a!, b!))!;
        }
        finally
        {
            foreach (var helper in helpers)
            {
                await helper.DisposeAsync();
            }
        }
    }

    /// <summary>Takes page ranges until none is left; returns the sum of its ranges (null if it got none).</summary>
    private async Task<Dictionary<string, object?>?> ChunksAsync(NpgsqlConnection on, string sql, long chunks, long totalPages, CancellationToken cancellationToken)
    {
        Dictionary<string, object?>? total = null;
        long chunk;
        while ((chunk = Interlocked.Increment(ref _nextChunk)) < chunks)
        {
            var start = chunk * pagesPerChunk;
            // The last range is open-ended: pages added after the size was read are still counted.
            var range = chunk == chunks - 1
                ? $" where t.ctid >= '({start},0)'::tid"
                : $" where t.ctid >= '({start},0)'::tid and t.ctid < '({start + pagesPerChunk},0)'::tid";
            var part = await OneRowAsync(on, sql + range, cancellationToken);
            total = total is null ? part : Add(total, part);
            var done = Math.Min(Interlocked.Add(ref _pagesDone, pagesPerChunk), totalPages);
            var elapsed = _stopwatch.Elapsed;
            var last = Interlocked.Read(ref _lastReportTicks);
            if (elapsed.Ticks - last >= ProgressEvery.Ticks && Interlocked.CompareExchange(ref _lastReportTicks, elapsed.Ticks, last) == last)
            {
                var eta = (int)Math.Round(elapsed.TotalSeconds / done * (totalPages - done));
                CompareLog.Progress(logger, table, side, (int)(100 * done / totalPages), done, totalPages, eta);
            }
        }
        return total;
    }

    private static async Task ExecAsync(NpgsqlConnection on, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, on);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Dictionary<string, object?>> OneRowAsync(NpgsqlConnection on, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, on) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = await reader.IsDBNullAsync(i, cancellationToken) ? null : reader.GetValue(i);
            }
        }
        return row;
    }

    /// <summary>count and sum add up; a sum over no rows is NULL, as in SQL.</summary>
    private static Dictionary<string, object?> Add(Dictionary<string, object?> a, Dictionary<string, object?> b)
    {
        var sum = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in a)
        {
            var other = b.GetValueOrDefault(name);
            sum[name] = (value, other) switch
            {
                (null, _) => other,
                (_, null) => value,
                (long x, long y) => x + y,
                (decimal x, decimal y) => x + y,
                _ => Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture)
                     + Convert.ToDecimal(other, System.Globalization.CultureInfo.InvariantCulture),
            };
        }
        return sum;
    }
}
