using Londiste.Worker;
using Microsoft.Extensions.Logging;
using Npgsql;
using Skytools.Sql;

namespace Londiste.Copy;

/// <summary>
/// The initial copy of one table (state <c>in-copy</c> → <c>catching-up</c>). The source is read in one
/// REPEATABLE READ snapshot; its <c>txid_current_snapshot()</c> is stored with the new state so that events the
/// copy already contains are skipped and later ones applied. On the target, in ONE transaction: lock the table,
/// drop its secondary indexes, truncate, COPY the common columns streamed straight from the source (binary when
/// every column type matches, text otherwise; only the rows matching the table's <c>copy_condition</c> if it has
/// one), recreate the indexes, store <c>catching-up</c> + snapshot. A crash anywhere leaves the table
/// <c>in-copy</c> with its old contents, and the copy starts over.
/// </summary>
internal sealed class TableCopier
{
    private const int BufferSize = 256 * 1024;

    // A buffer with less room than this left is passed on rather than topped up.
    private const int MinRead = 16 * 1024;
    private readonly string _queue;
    private readonly WorkerOptions _options;
    private readonly ILogger _logger;

    public TableCopier(string queue, WorkerOptions options, ILogger logger)
    {
        _queue = queue;
        _options = options;
        _logger = logger;
    }

    /// <summary>Fresh planner statistics for the copied table (run once the table is handed over).</summary>
    public static async Task AnalyzeAsync(NpgsqlConnection local, string destTable, CancellationToken cancellationToken) =>
        await ExecuteAsync(local, $"analyze {SqlQuote.QualifiedIdent(destTable)}", cancellationToken);

    public async Task CopyAsync(NpgsqlConnection local, NpgsqlConnection source, TableState table, CancellationToken cancellationToken)
    {
        WorkerLog.CopyStarting(_logger, table.Name);
        await ForeignKeys.DropAsync(local, table.DestTable, _logger, cancellationToken);
        var src = SqlQuote.QualifiedIdent(table.Name);
        var dst = SqlQuote.QualifiedIdent(table.DestTable);

        await using var sourceTx = await source.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        // The first statement fixes the transaction's snapshot: the COPY below reads exactly this snapshot.
        string snapshot;
        double estimatedRows;
        await using (var snap = new NpgsqlCommand(
            "select txid_current_snapshot()::text, greatest(c.reltuples, 0)::float8 from pg_class c where c.oid = $1::regclass", source))
        {
            snap.Parameters.AddWithValue(src);
            await using var reader = await snap.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            snapshot = reader.GetString(0);
            estimatedRows = reader.GetDouble(1);
        }
        var sourceColumns = await ColumnsAsync(source, src, cancellationToken);

        await using var localTx = await local.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(local, $"set local lock_timeout = {(long)_options.LockTimeout.TotalMilliseconds}", cancellationToken);
        await ExecuteAsync(local, $"lock table {dst}", cancellationToken);
        await ExecuteAsync(local, "set local lock_timeout = 0", cancellationToken);
        // The copy's commit need not wait for its WAL flush: if the node crashes before the flush, the table is
        // back in-copy with its old contents and the copy starts over; the batch applied next commits durably
        // (and so flushes this commit first) before the provider is told the batch is done.
        await ExecuteAsync(local, "set local synchronous_commit = off", cancellationToken);
        var targetColumns = await ColumnsAsync(local, dst, cancellationToken);
        var common = sourceColumns.Where(c => targetColumns.ContainsKey(c.Key)).Select(c => c.Key).ToList();
        foreach (var missing in sourceColumns.Keys.Where(c => !targetColumns.ContainsKey(c)))
        {
            WorkerLog.CopyColumnMissing(_logger, table.Name, missing, "subscriber");
        }
        foreach (var missing in targetColumns.Keys.Where(c => !sourceColumns.ContainsKey(c)))
        {
            WorkerLog.CopyColumnMissing(_logger, table.Name, missing, "provider");
        }
        var binary = common.All(c => sourceColumns[c] == targetColumns[c]);
        var indexes = await DropSecondaryIndexesAsync(local, dst, cancellationToken);
        if (table.SkipTruncate)
        {
            WorkerLog.CopySkippingTruncate(_logger, table.Name);
        }
        else
        {
            WorkerLog.CopyTruncating(_logger, table.Name);
            await ExecuteAsync(local, $"truncate only {dst}", cancellationToken);
        }

        var columnList = string.Join(", ", common.Select(SqlQuote.Ident));
        // As the original: the condition is the user's SQL, applied to the source table as it is.
        var condition = table.CopyCondition;
        if (condition is not null)
        {
            WorkerLog.CopyCondition(_logger, table.Name, condition);
        }
        var select = $"select {columnList} from only {src}" + (condition is null ? "" : $" where {condition}");
        // A plain table without a condition is read by COPY itself (no executor per row; COPY TO never reads child
        // tables, like ONLY); partitioned tables and conditions need the query form.
        var from = condition is null && await IsPlainTableAsync(source, src, cancellationToken)
            ? $"copy {src} ({columnList}) to stdout"
            : $"copy ({select}) to stdout";
        // FREEZE (allowed because the table was truncated in this transaction): the rows are written frozen and
        // the pages marked all-visible, so the first reads and vacuum after the copy do not rewrite every page to
        // set hint bits. Only for plain tables, which FREEZE requires.
        var freeze = !table.SkipTruncate && await IsPlainTableAsync(local, dst, cancellationToken);
        var into = $"copy {dst} ({columnList}) from stdin";
        var progress = new CopyProgress(table.Name, estimatedRows, _options.CopyProgressInterval, _logger);
        var format = binary ? "binary" : "text";
        if (binary)
        {
            await CopyBinaryAsync(source, local, from, into + (freeze ? " (format binary, freeze)" : " (format binary)"), progress, cancellationToken);
        }
        else
        {
            await CopyTextAsync(source, local, from, into + (freeze ? " (freeze)" : ""), progress, cancellationToken);
        }
        WorkerLog.CopyFinished(_logger, table.Name, progress.Bytes, progress.Rows, progress.Elapsed.TotalSeconds, format + (freeze ? ", freeze" : ""));

        if (indexes.Count > 0)
        {
            WorkerLog.CopyRecreatingIndexes(_logger, table.Name, indexes.Count);
            // One sort in memory per index instead of spilling to disk: the session default (64 MB) is sized for
            // many concurrent maintenance jobs, a copy builds its indexes one at a time.
            await ExecuteAsync(local, "set local maintenance_work_mem = '1GB'", cancellationToken);
            foreach (var definition in indexes)
            {
                await ExecuteAsync(local, definition, cancellationToken);
            }
        }
        await LocalNode.SetTableStateAsync(local, _queue, table.Name, snapshot, "catching-up", cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        await localTx.CommitAsync(cancellationToken);
        await sourceTx.CommitAsync(cancellationToken);
        WorkerLog.TableState(_logger, table.Name, "catching-up");

        // The copy consumer's next batch (the events since its registration) needs a new tick: make it now.
        // (ANALYZE comes after the hand-over, see TableCopyTask: it is not needed to reach ok.)
        await ProviderQueue.TickNowAsync(source, _queue, cancellationToken);
    }

    private static async Task CopyBinaryAsync(NpgsqlConnection source, NpgsqlConnection target, string from, string into, CopyProgress progress, CancellationToken cancellationToken)
    {
        var counter = new BinaryCopyRowCounter();
        var buffer = new byte[BufferSize];
        await using var reader = await source.BeginRawBinaryCopyAsync(from + " (format binary)", cancellationToken);
        await using var writer = await target.BeginRawBinaryCopyAsync(into, cancellationToken);
        int read;
        while ((read = await FillAsync(reader, buffer, cancellationToken)) > 0)
        {
            await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            counter.Feed(buffer.AsSpan(0, read));
            progress.Report(read, counter.Rows);
        }
    }

    /// <summary>
    /// Reads until the buffer is nearly full or the COPY ended. A read returns at most one CopyData message, and
    /// the server sends one per row: passing each on by itself cost a write, a progress check and a few µs of the
    /// worker's CPU per row (seconds per million rows, on the same cores as the two servers). Whole buffers go to
    /// the target in one large write each; the kernel's socket buffers keep both servers busy meanwhile.
    /// </summary>
    private static Task<int> FillAsync(Stream reader, byte[] buffer, CancellationToken cancellationToken) =>
        FillAsync(reader.ReadAsync, buffer, cancellationToken);

    private static Task<int> FillAsync(TextReader reader, char[] buffer, CancellationToken cancellationToken) =>
        FillAsync(reader.ReadAsync, buffer, cancellationToken);

    private static async Task<int> FillAsync<T>(Func<Memory<T>, CancellationToken, ValueTask<int>> read, T[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length - MinRead)
        {
            var count = await read(buffer.AsMemory(filled), cancellationToken);
            if (count == 0)
            {
                break;
            }
            filled += count;
        }
        return filled;
    }

    private static async Task CopyTextAsync(NpgsqlConnection source, NpgsqlConnection target, string from, string into, CopyProgress progress, CancellationToken cancellationToken)
    {
        var buffer = new char[BufferSize];
        long rows = 0;
        using var reader = await source.BeginTextExportAsync(from, cancellationToken);
        await using var writer = await target.BeginTextImportAsync(into, cancellationToken);
        int read;
        while ((read = await FillAsync(reader, buffer, cancellationToken)) > 0)
        {
            await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            // Text COPY escapes newlines inside values, so each raw newline ends a row.
            rows += buffer.AsSpan(0, read).Count('\n');
            progress.Report(read, rows);
        }
    }

    private static async Task<bool> IsPlainTableAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select c.relkind = 'r' from pg_class c where c.oid = $1::regclass", connection);
        command.Parameters.AddWithValue(table);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Column name → type (format_type) in table order, without dropped and generated columns.</summary>
    private static async Task<Dictionary<string, string>> ColumnsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(
            "select a.attname::text, format_type(a.atttypid, a.atttypmod) from pg_attribute a where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' order by a.attnum",
            connection);
        command.Parameters.AddWithValue(table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns[reader.GetString(0)] = reader.GetString(1);
        }
        return columns;
    }

    /// <summary>
    /// Drops the indexes that back no constraint (so not the primary key) and returns their definitions: building an
    /// index once after the load is much faster than maintaining it row by row.
    /// </summary>
    private static async Task<List<string>> DropSecondaryIndexesAsync(NpgsqlConnection local, string table, CancellationToken cancellationToken)
    {
        var indexes = new List<(string Name, string Definition)>();
        await using (var command = new NpgsqlCommand(
            "select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) from pg_index i where i.indrelid = $1::regclass and not i.indisprimary and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)",
            local))
        {
            command.Parameters.AddWithValue(table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(local, $"drop index {name}", cancellationToken);
        }
        return indexes.Select(i => i.Definition).ToList();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
