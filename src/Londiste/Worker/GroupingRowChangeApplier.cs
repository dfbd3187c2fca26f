using Londiste.Apply;
using Microsoft.Extensions.Logging;
using Npgsql;
using PgQ.Events;

namespace Londiste.Worker;

/// <summary>
/// The worker's row applier: collects the data events between two flushes (a batch, or the part of it
/// before a control event) and hands them to <see cref="BatchApplier"/>, which applies runs of one table
/// and operation as set-based statements, many per round trip.
/// </summary>
/// <remarks>
/// BatchApplier may let changes of different tables pass each other (each table keeps batch order).
/// That is safe only while foreign-key triggers do not fire, i.e. when the worker's session really runs
/// as session_replication_role = replica. A worker that may not set it (no superuser; see
/// londiste.set_session_replication_role) keeps strict batch order whenever the database has any foreign
/// key. The target catalog is forgotten after every flush, because an EXECUTE event between two flushes
/// may have changed a table.
/// </remarks>
internal sealed class GroupingRowChangeApplier(ILogger logger) : IRowChangeApplier
{
    // Enough to fill BatchApplier's round trips; bounded so a huge batch does not sit in memory at once.
    private const int MaxPending = 50_000;
    private readonly List<RowChange> _pending = [];
    private BatchApplier? _applier;

    public async ValueTask ApplyAsync(NpgsqlConnection connection, string destTable, RowChange change, CancellationToken cancellationToken)
    {
        _applier ??= await CreateAsync(connection, cancellationToken);
        if (!string.Equals(change.QualifiedName, destTable, StringComparison.Ordinal))
        {
            _applier.MapTable(change.QualifiedName, destTable);
        }
        _pending.Add(change);
        if (_pending.Count >= MaxPending)
        {
            await FlushAsync(connection, cancellationToken);
        }
    }

    public async ValueTask FlushAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0 || _applier is null)
        {
            return;
        }
        try
        {
            await _applier.ApplyAsync(_pending, connection, cancellationToken);
        }
        finally
        {
            _pending.Clear();
            _applier.InvalidateCatalog();
        }
    }

    private async Task<BatchApplier> CreateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "select current_setting('session_replication_role') = 'replica' or not exists (select 1 from pg_catalog.pg_constraint where contype = 'f')",
            connection);
        var reorderSafe = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new BatchApplier(new BatchApplierOptions { GroupAcrossTables = reorderSafe }, logger);
    }
}
