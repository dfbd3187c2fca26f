using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PgQ.Events;

namespace Londiste.Apply;

/// <summary>
/// Applies the decoded row changes of one batch to the target database, inside the caller's open transaction (the
/// worker commits the rows together with the batch's tick). Changes of a table are applied in batch order; runs of
/// the same table and operation become one set-based statement (<see cref="ChangeGroup"/>), and many statements go in
/// one round trip. Values are sent as text parameters and cast to the target column types, so no value is ever pasted
/// into SQL and every identifier is quoted.
/// </summary>
/// <remarks>
/// Semantics, as the original Londiste (handler.py, playback.py) has them: an insert of an existing key fails (unique
/// violation; no upsert); an update or delete that finds no row is ignored (the original does not check the row
/// count; we count such events in <see cref="ApplyStatistics"/>); a truncate is <c>TRUNCATE table CASCADE</c>;
/// updates and deletes use <c>ONLY</c>. Unlike the original, an update that changes the primary key is applied (our
/// logutriga sends the old key in <c>ev_extra2</c>). Generated columns of the target are never written, whatever the
/// event carries; <c>generated always</c> identity columns are inserted with <c>overriding system value</c>.
/// Not thread-safe: one applier per worker.
/// </remarks>
public sealed class BatchApplier
{
    private readonly BatchApplierOptions _options;
    private readonly ILogger _logger;
    private readonly TargetCatalog _catalog = new();
    private readonly Dictionary<string, TableName> _destinations = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Schema, string Table), TargetTable> _resolved = [];
    private (string Schema, string Table, TargetTable Target)? _last;

    public BatchApplier(BatchApplierOptions? options = null, ILogger? logger = null)
    {
        _options = options ?? new BatchApplierOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>What has been applied so far.</summary>
    public ApplyStatistics Statistics { get; } = new();

    /// <summary>
    /// Applies changes of source table <paramref name="sourceTable"/> (<c>schema.table</c> as in <c>ev_extra1</c>) to
    /// <paramref name="destinationTable"/> instead of the table of the same name (Londiste's <c>--dest-table</c>).
    /// </summary>
    public void MapTable(string sourceTable, TableName destinationTable)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceTable);
        ArgumentNullException.ThrowIfNull(destinationTable);
        _destinations[sourceTable] = destinationTable;
        ForgetResolved();
    }

    /// <summary>As <see cref="MapTable(string, TableName)"/>, the destination as <c>schema.table</c> (no schema: <c>public</c>).</summary>
    public void MapTable(string sourceTable, string destinationTable) => MapTable(sourceTable, TableName.Parse(destinationTable));

    /// <summary>The table changes of <paramref name="sourceTable"/> (<c>schema.table</c>) are applied to.</summary>
    public TableName DestinationOf(string sourceTable) =>
        _destinations.TryGetValue(sourceTable, out var mapped) ? mapped : TableName.Parse(sourceTable);

    /// <summary>Forgets the target tables' columns and types; call after DDL on the target (EXECUTE events).</summary>
    public void InvalidateCatalog()
    {
        _catalog.Clear();
        ForgetResolved();
    }

    /// <summary>
    /// Applies <paramref name="changes"/> (one batch, in batch order) on <paramref name="connection"/>, in the
    /// transaction the caller has open there. Nothing is committed here.
    /// </summary>
    /// <exception cref="ApplyException">
    /// A table or column is missing on the target, an update/delete carries no key, or PostgreSQL refused a statement;
    /// the message names table, column and event ids. The caller's transaction is then aborted.
    /// </exception>
    public async Task ApplyAsync(IReadOnlyList<RowChange> changes, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(connection);
        var pending = new PendingStatements(connection, Statistics, _logger, _options);
        try
        {
            await ApplyChangesAsync(changes, connection, pending, cancellationToken);
        }
        catch (ApplyException)
        {
            // The failure may come from DDL the cache has not seen.
            InvalidateCatalog();
            throw;
        }
    }

    private async Task ApplyChangesAsync(IReadOnlyList<RowChange> changes, NpgsqlConnection connection, PendingStatements pending,
        CancellationToken cancellationToken)
    {
        // Open groups in the order they were opened; with GroupAcrossTables one per table, else at most one.
        var open = new List<ChangeGroup>();
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            var table = await ResolveAsync(change, connection, cancellationToken);
            if (change.Operation == RowOperation.Truncate)
            {
                await CloseAllAsync(open, pending, cancellationToken);
                await pending.AddTruncateAsync(table, change, cancellationToken);
                continue;
            }

            var index = IndexOfOpen(open, table);
            if (index >= 0 && open[index].TryAdd(change))
            {
                continue;
            }

            if (index >= 0)
            {
                await pending.AddAsync(open[index], cancellationToken);
                open.RemoveAt(index);
            }
            else if (!_options.GroupAcrossTables && open.Count > 0)
            {
                await CloseAllAsync(open, pending, cancellationToken);
            }

            open.Add(ChangeGroup.Start(table, change, _options.MaxGroupRows));
        }

        await CloseAllAsync(open, pending, cancellationToken);
        await pending.FlushAsync(cancellationToken);
    }

    private static int IndexOfOpen(List<ChangeGroup> open, TargetTable table)
    {
        for (var i = 0; i < open.Count; i++)
        {
            if (ReferenceEquals(open[i].Table, table))
            {
                return i;
            }
        }

        return -1;
    }

    private static async Task CloseAllAsync(List<ChangeGroup> open, PendingStatements pending, CancellationToken cancellationToken)
    {
        foreach (var group in open)
        {
            await pending.AddAsync(group, cancellationToken);
        }

        open.Clear();
    }

    private async ValueTask<TargetTable> ResolveAsync(RowChange change, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Consecutive events of one table share the decoder's name strings: the reference check is the fast path.
        if (_last is { } last && ReferenceEquals(last.Schema, change.Schema) && ReferenceEquals(last.Table, change.Table))
        {
            return last.Target;
        }

        if (!_resolved.TryGetValue((change.Schema, change.Table), out var target))
        {
            var destination = DestinationOf(change.QualifiedName);
            target = await _catalog.GetAsync(destination, connection, cancellationToken)
                ?? throw new ApplyException(
                    $"table {destination} does not exist on the target (event {change.EventId} of source table {change.QualifiedName})",
                    destination, null, change.EventId, change.EventId);
            ApplyLog.TableLoaded(_logger, destination);
            _resolved[(change.Schema, change.Table)] = target;
        }

        _last = (change.Schema, change.Table, target);
        return target;
    }

    private void ForgetResolved()
    {
        _resolved.Clear();
        _last = null;
    }
}
