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
/// <para>
/// BatchApplier may let changes of different tables pass each other (each table keeps batch order).
/// That is safe only while foreign-key triggers do not fire, i.e. when the worker's session really runs
/// as session_replication_role = replica. A worker that may not set it (no superuser; see
/// londiste.set_session_replication_role) keeps strict batch order whenever the database has any foreign
/// key.
/// </para>
/// <para>
/// Background apply (a leaf's or root's main worker, see <see cref="IRowChangeApplier.AllowBackgroundApply"/>): while
/// the batch is still being read from the provider, every <see cref="BackgroundChunk"/> changes are sent to the local
/// database without waiting, so that the provider's reading and the local apply overlap instead of taking turns (a
/// large batch used to be read whole, then applied whole). At most one chunk is in flight: the next is sent once it is
/// done (what was read meanwhile goes with it), so the chunks reach the database in batch order, and a chunk's error
/// surfaces at the next chunk or at the flush before the commit. Only this class uses the local connection until then.
/// </para>
/// <para>
/// The target catalog is forgotten at every flush (control events, truncates, the end of a batch), because an
/// EXECUTE event between two flushes, or DDL between two batches, may have changed a table; background chunks keep it.
/// </para>
/// </remarks>
internal sealed class GroupingRowChangeApplier(ILogger logger) : IRowChangeApplier
{
    // Enough to fill BatchApplier's round trips; bounded so a huge batch does not sit in memory at once.
    private const int MaxPending = 50_000;

    /// <summary>
    /// Changes per background chunk: large enough for set-based statements of hundreds of rows, small enough that the
    /// first chunk starts while most of a merged batch (about 5,000 events) is still to be read.
    /// </summary>
    internal const int BackgroundChunk = 1_000;

    /// <summary>
    /// Changes read ahead while a chunk is still being applied. The worker does not wait for the chunk in flight as
    /// soon as it has the next one: it keeps reading until the chunk is done (then sends all it has) or this many are
    /// pending. Waiting at every chunk made reading and applying take turns whenever one side was slower for a moment.
    /// </summary>
    internal const int MaxBackgroundPending = 10_000;

    private List<RowChange> _pending = [];
    private BatchApplier? _applier;
    private bool _background;
    private Task? _inFlight;

    public void AllowBackgroundApply(bool allowed) => _background = allowed;

    public async ValueTask ApplyAsync(NpgsqlConnection connection, string destTable, RowChange change, CancellationToken cancellationToken)
    {
        _applier ??= await CreateAsync(connection, cancellationToken);
        if (!string.Equals(change.QualifiedName, destTable, StringComparison.Ordinal)
            && _applier.DestinationOf(change.QualifiedName) != TableName.Parse(destTable))
        {
            // The chunk in flight resolves tables through the mapping: change it only once that is done.
            await WaitForChunkAsync();
            _applier.MapTable(change.QualifiedName, destTable);
        }
        _pending.Add(change);
        if (_background && _pending.Count >= BackgroundChunk
            && (_inFlight is null || _inFlight.IsCompleted || _pending.Count >= MaxBackgroundPending))
        {
            await WaitForChunkAsync();
            var chunk = _pending;
            _pending = new List<RowChange>(BackgroundChunk);
            // Runs until its first real wait (the database's answer) here, then on in the background.
            _inFlight = _applier.ApplyAsync(chunk, connection, cancellationToken);
        }
        else if (_pending.Count >= MaxPending)
        {
            await FlushAsync(connection, cancellationToken);
        }
    }

    public async ValueTask FlushAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await WaitForChunkAsync();
        if (_applier is null)
        {
            return;
        }
        try
        {
            if (_pending.Count > 0)
            {
                await _applier.ApplyAsync(_pending, connection, cancellationToken);
            }
        }
        finally
        {
            _pending.Clear();
            _applier.InvalidateCatalog();
        }
    }

    public async ValueTask DiscardAsync()
    {
        _pending.Clear();
        var chunk = _inFlight;
        _inFlight = null;
        if (chunk is not null)
        {
            try
            {
                await chunk;
            }
            catch (Exception exception) when (exception is NpgsqlException or ApplyException or OperationCanceledException or InvalidOperationException)
            {
                // The batch failed elsewhere first; this chunk's outcome no longer matters (its transaction rolls back).
            }
        }
        _applier?.InvalidateCatalog();
    }

    /// <summary>Waits for the chunk in flight; its error, if any, is the batch's error.</summary>
    private async ValueTask WaitForChunkAsync()
    {
        var chunk = _inFlight;
        if (chunk is null)
        {
            return;
        }
        _inFlight = null;
        await chunk;
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
