using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Londiste.Compare;

/// <summary>
/// Runs the compare query on one side inside that side's snapshot. For the built-in queries on a
/// big table the scan is cut into ranges of pages (TID range scans, one sequential pass in total)
/// whose counts and checksums add up exactly to the whole table's, so progress and an ETA can be
/// shown; a custom compare_sql runs as one statement.
/// </summary>
internal sealed class SideQuery(NpgsqlConnection connection, string side, string table, ILogger logger)
{
    // Chunks of 64 MB (8 kB pages): a progress line every second or so on common hardware.
    private const long PagesPerChunk = 8192;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    public async Task<Dictionary<string, object?>> RunAsync(string sql, bool additive, CancellationToken cancellationToken)
    {
        if (!additive)
        {
            return await OneRowAsync(sql, cancellationToken);
        }
        long totalPages;
        await using (var size = new NpgsqlCommand(
            "select pg_relation_size(c.oid) / current_setting('block_size')::int8 from pg_class c where c.oid = $1::regclass", connection))
        {
            size.Parameters.AddWithValue(table);
            totalPages = (long)(await size.ExecuteScalarAsync(cancellationToken))!;
        }
        if (totalPages <= PagesPerChunk)
        {
            return await OneRowAsync(sql, cancellationToken);
        }

        var stopwatch = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        Dictionary<string, object?>? total = null;
        for (long start = 0; start < totalPages; start += PagesPerChunk)
        {
            // The last range is open-ended: pages added after the size was read are still counted.
            var range = start + PagesPerChunk >= totalPages
                ? $" where t.ctid >= '({start},0)'::tid"
                : $" where t.ctid >= '({start},0)'::tid and t.ctid < '({start + PagesPerChunk},0)'::tid";
            var part = await OneRowAsync(sql + range, cancellationToken);
            total = total is null ? part : Add(total, part);
            var done = Math.Min(start + PagesPerChunk, totalPages);
            if (stopwatch.Elapsed - lastReport >= ProgressEvery)
            {
                lastReport = stopwatch.Elapsed;
                var eta = (int)Math.Round(stopwatch.Elapsed.TotalSeconds / done * (totalPages - done));
                CompareLog.Progress(logger, table, side, (int)(100 * done / totalPages), done, totalPages, eta);
            }
        }
        return total!;
    }

    private async Task<Dictionary<string, object?>> OneRowAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
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
