using Microsoft.Extensions.Logging;
using Npgsql;
using PgQ.Events;

namespace Londiste.Apply;

/// <summary>
/// Statements waiting to be sent: collected into one <see cref="NpgsqlBatch"/> and sent in one round trip when enough
/// are pending. PostgreSQL runs a batch's statements in order, so batch order is kept; the first failing statement
/// aborts the caller's transaction and is reported with the events it carried.
/// </summary>
internal sealed class PendingStatements(NpgsqlConnection connection, ApplyStatistics statistics, ILogger logger, BatchApplierOptions options)
{
    private readonly List<Item> _items = [];
    private int _rows;

    public async ValueTask AddAsync(ChangeGroup group, CancellationToken cancellationToken)
    {
        if (group.IsNoop)
        {
            // Only generated columns or an unchanged key: nothing the target stores changes.
            statistics.Add(group.Operation, group.Count, group.Count);
            return;
        }

        _items.Add(new Item(group.Table, group.Operation, group.Count, group.FirstEventId, group.LastEventId, group.ToCommand()));
        _rows += group.Count;
        if (_items.Count >= options.MaxStatementsPerRoundTrip || _rows >= options.MaxRowsPerRoundTrip)
        {
            await FlushAsync(cancellationToken);
        }
    }

    public async ValueTask AddTruncateAsync(TargetTable table, RowChange change, CancellationToken cancellationToken)
    {
        ApplyLog.Truncating(logger, table.Name);
        // CASCADE as the original: a referencing table on the target would otherwise make the truncate fail.
        var command = new NpgsqlBatchCommand("truncate " + table.Quoted + " cascade");
        _items.Add(new Item(table, RowOperation.Truncate, 1, change.EventId, change.EventId, command));
        _rows++;
        if (_items.Count >= options.MaxStatementsPerRoundTrip)
        {
            await FlushAsync(cancellationToken);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_items.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection);
        foreach (var item in _items)
        {
            batch.BatchCommands.Add(item.Command);
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException error)
        {
            var index = error.BatchCommand is { } failed ? batch.BatchCommands.IndexOf(failed) : -1;
            var item = index >= 0 ? _items[index] : _items[0];
            _items.Clear();
            _rows = 0;
            throw Failure(item, error);
        }

        statistics.AddRoundTrip(_items.Count);
        foreach (var item in _items)
        {
            var affected = item.Command.RecordsAffected;
            statistics.Add(item.Operation, item.Count, affected);
            if (item.Operation is RowOperation.Update or RowOperation.Delete && affected < item.Count && logger.IsEnabled(LogLevel.Debug))
            {
                ApplyLog.RowsMissing(logger, item.Count - affected, item.Count, item.Operation.ToString().ToLowerInvariant(),
                    item.FirstEventId, item.LastEventId, item.Table.Name);
            }
        }

        _items.Clear();
        _rows = 0;
    }

    private static ApplyException Failure(Item item, PostgresException error)
    {
        var events = item.Count == 1 ? $"event {item.FirstEventId}" : $"{item.Count} events {item.FirstEventId}..{item.LastEventId}";
        var column = error.ColumnName is null ? "" : $", column \"{error.ColumnName}\"";
        var detail = error.Detail is null ? "" : $" ({error.Detail})";
        return new ApplyException(
            $"{item.Operation.ToString().ToLowerInvariant()} of {events} into {item.Table.Name}{column} failed: "
            + $"{error.SqlState} {error.MessageText}{detail}",
            item.Table.Name, error.ColumnName, item.FirstEventId, item.LastEventId, error);
    }

    private sealed record Item(TargetTable Table, RowOperation Operation, int Count, long FirstEventId, long LastEventId, NpgsqlBatchCommand Command);
}
