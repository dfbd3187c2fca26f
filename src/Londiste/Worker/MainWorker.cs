using Londiste.Copy;
using Microsoft.Extensions.Logging;
using Npgsql;
using PgQ;

namespace Londiste.Worker;

/// <summary>
/// The main worker's batch logic (the original's Replicator in its main process): drives the table copy state
/// machine from its side (starts copies, turns <c>wanna-sync</c> into <c>do-sync</c>, waits while a table is in
/// <c>do-sync</c>), applies the events of <c>ok</c> tables, handles londiste and cascade control events and, on a
/// branch, re-queues every event into the local queue.
/// </summary>
internal sealed class MainWorker : IBatchParticipant
{
    private readonly Func<WorkerOptions> _options;
    private readonly CopyTaskManager _copies;
    private readonly StateSignal _signal;
    private readonly EventRouter _router;
    private readonly ControlEvents _control;
    private readonly ILogger _logger;
    private readonly HashSet<string> _reportedWaits = new(StringComparer.Ordinal);
    private BranchQueueWriter? _branch;
    private DateTimeOffset _lastIdleTick = DateTimeOffset.MinValue;
    private bool _mayMergeTicks;

    public MainWorker(Func<WorkerOptions> options, CopyTaskManager copies, StateSignal signal, IRowChangeApplier applier, ILogger logger)
    {
        _options = options;
        _copies = copies;
        _signal = signal;
        _logger = logger;
        _router = new EventRouter(applier, logger);
        _control = new ControlEvents(options, logger);
    }

    public long IgnoredEvents => _router.Ignored;

    /// <summary>
    /// Only while every local table was <c>ok</c> without a copy snapshot at the last batch and that batch changed no
    /// table: then no hand-over depends on where this batch ends. Small ticks (pgqd ticks within ticker_max_lag of
    /// new events) keep lag low; merging them when behind keeps the per-batch cost from making the worker fall
    /// further behind under load or after an outage.
    /// </summary>
    public bool MayMergeTicks => _mayMergeTicks;

    public string ConsumerName => _options().ConsumerName;

    private string Queue => _options().QueueName;

    /// <summary>Set each step from <c>get_node_info</c>: branches re-queue events and tick.</summary>
    public async Task SetNodeAsync(NodeInfo node, NpgsqlConnection local, CancellationToken cancellationToken)
    {
        _control.IsBranch = node.IsBranch;
        // A branch writes every event into its own queue on the local connection while reading the batch.
        _router.AllowBackgroundApply(!node.IsBranch);
        if (!node.IsBranch)
        {
            _branch = null;
        }
        else if (_branch is null)
        {
            _branch = new BranchQueueWriter(Queue);
            _branch.MaxEventId = (await _branch.LastTickAsync(local, cancellationToken)).EventSeq;
        }
    }

    public async Task<SyncDecision> SyncAsync(NpgsqlConnection local, NpgsqlConnection provider, ProviderBatch batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            var tables = await LocalNode.GetLocalTablesAsync(local, Queue, cancellationToken);
            _copies.EnsureRunning(tables.Where(t => t.IsCopying).Select(t => t.Name));
            if (tables.Any(t => t.State == TableSyncState.DoSync))
            {
                // A copy task is catching up to our batch: wait for it to hand the table over.
                await _signal.WaitAsync(_options().SyncPollInterval, cancellationToken);
                continue;
            }
            var changed = false;
            foreach (var table in tables.Where(t => t.State == TableSyncState.WannaSync && batch.TickId >= t.SyncTick))
            {
                await SetStateAsync(local, table, TableSyncState.DoSync, batch.TickId, cancellationToken);
                changed = true;
            }
            if (changed)
            {
                continue;
            }
            if (await StartCopiesAsync(local, provider, tables, cancellationToken))
            {
                continue;
            }
            // Snapshots first: londiste.get_valid_pending_fkeys waits for tables without one.
            tables = await ClearSnapshotsAsync(local, provider, batch, tables, cancellationToken);
            await ForeignKeys.RestoreValidAsync(local, Queue, _logger, cancellationToken);
            _router.Reset(tables.Where(t => t.State == TableSyncState.Ok));
            _mayMergeTicks = tables.All(t => t.State == TableSyncState.Ok && t.Snapshot is null);
            _control.Reset(tables);
            _branch?.Clear();
            return SyncDecision.Proceed;
        }
    }

    public async ValueTask ProcessEventAsync(NpgsqlConnection local, PgQEvent ev, CancellationToken cancellationToken)
    {
        if (_branch is not null)
        {
            await _branch.AddAsync(local, ev, cancellationToken);
        }
        if (EventRouter.IsDataEvent(ev) || ev.Type == "R")
        {
            await _router.RouteAsync(local, ev, cancellationToken);
            return;
        }
        await _router.FlushAsync(local, cancellationToken);
        await _control.HandleAsync(local, ev, cancellationToken);
    }

    public async ValueTask AbandonAsync()
    {
        await _router.DiscardAsync();
        _branch?.Discard();
    }

    public async Task BeforeCommitAsync(NpgsqlConnection local, ProviderBatch batch, CancellationToken cancellationToken)
    {
        await _router.FlushAsync(local, cancellationToken);
        if (_branch is not null)
        {
            await _branch.FlushAsync(local, cancellationToken);
        }
    }

    public async Task AfterCommitAsync(NpgsqlConnection local, ProviderBatch batch, CancellationToken cancellationToken)
    {
        if (_control.TablesChanged)
        {
            _mayMergeTicks = false;
            _signal.Pulse();
        }
        if (_branch is not null)
        {
            await _branch.TickAsync(local, batch, cancellationToken);
        }
    }

    public async Task AlreadyAppliedAsync(NpgsqlConnection local, ProviderBatch batch, CancellationToken cancellationToken)
    {
        if (_branch is null)
        {
            return;
        }
        // The data commit happened, the tick (a separate transaction) may not have.
        var (lastTick, _) = await _branch.LastTickAsync(local, cancellationToken);
        if (lastTick == batch.TickId)
        {
            return;
        }
        if (lastTick != batch.PrevTickId)
        {
            throw new InvalidOperationException($"is_batch_done: last branch tick = {lastTick}, expected {batch.PrevTickId} or {batch.TickId}");
        }
        await _branch.TickAsync(local, batch, cancellationToken);
    }

    /// <summary>
    /// Called when the provider had no batch: if a table waits for the main worker (added and not yet copying, or a
    /// copy asking for the hand-over), makes the provider tick now, at most once per <c>loop_delay</c>, so that the
    /// next step has the batch that moves the table on instead of waiting for the ticker's idle period.
    /// </summary>
    /// <returns>True when a tick was made (look for the batch at once).</returns>
    public async Task<bool> TickForWaitingTablesAsync(NpgsqlConnection local, NpgsqlConnection provider, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - _lastIdleTick < _options().LoopDelay)
        {
            return false;
        }
        var tables = await LocalNode.GetLocalTablesAsync(local, Queue, cancellationToken);
        if (!tables.Any(t => t.State is TableSyncState.Missing or TableSyncState.WannaSync))
        {
            return false;
        }
        _lastIdleTick = now;
        return await ProviderQueue.TickNowAsync(provider, Queue, cancellationToken);
    }

    /// <summary>Missing tables become <c>in-copy</c> (after their foreign keys are dropped) while copy slots are free.</summary>
    private async Task<bool> StartCopiesAsync(NpgsqlConnection local, NpgsqlConnection provider, List<TableState> tables, CancellationToken cancellationToken)
    {
        var missing = tables.Where(t => t.State == TableSyncState.Missing).ToList();
        var possible = _options().ParallelCopies - tables.Count(t => t.IsCopying);
        if (missing.Count == 0 || possible <= 0)
        {
            return false;
        }
        var providerTables = await LocalNode.GetSetTablesAsync(provider, Queue, cancellationToken);
        var started = false;
        foreach (var table in missing)
        {
            // Each wait is logged once (not per batch) until the table can be copied.
            if (!providerTables.TryGetValue(table.Name, out var onProvider) || !onProvider.Local)
            {
                if (_reportedWaits.Add(table.Name))
                {
                    WorkerLog.TableNotOnProvider(_logger, table.Name);
                }
                continue;
            }
            if (onProvider.MergeState != "ok")
            {
                if (_reportedWaits.Add(table.Name))
                {
                    WorkerLog.TableNotOkOnProvider(_logger, table.Name);
                }
                continue;
            }
            _reportedWaits.Remove(table.Name);
            if (possible == 0)
            {
                break;
            }
            possible--;
            await ForeignKeys.DropAsync(local, table.DestTable, _logger, cancellationToken);
            await SetStateAsync(local, table, TableSyncState.InCopy, 0, cancellationToken);
            WorkerLog.LaunchingCopy(_logger, table.Name);
            _copies.EnsureRunning([table.Name]);
            started = true;
        }
        return started;
    }

    /// <summary>
    /// Drops a table's copy snapshot once no later batch can hold a transaction visible in it: when the provider's
    /// tick that starts this batch already saw every such transaction (its xmin is at or past the snapshot's xmax).
    /// </summary>
    private async Task<List<TableState>> ClearSnapshotsAsync(
        NpgsqlConnection local, NpgsqlConnection provider, ProviderBatch batch, List<TableState> tables, CancellationToken cancellationToken)
    {
        if (!tables.Any(t => t.State == TableSyncState.Ok && t.Snapshot is not null))
        {
            return tables;
        }
        await using var command = LocalNode.Command(provider,
            "select txid_snapshot_xmin(t.tick_snapshot::text::txid_snapshot) from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue where q.queue_name = $1 and t.tick_id = $2",
            Queue, batch.PrevTickId);
        if (await command.ExecuteScalarAsync(cancellationToken) is not long prevXmin)
        {
            return tables;
        }
        var result = new List<TableState>(tables.Count);
        foreach (var table in tables)
        {
            if (table.State == TableSyncState.Ok && table.Snapshot is { } snapshot && prevXmin >= snapshot.Xmax)
            {
                await LocalNode.SetTableStateAsync(local, Queue, table.Name, null, "ok", cancellationToken);
                result.Add(new TableState(table.Name, table.State, table.SyncTick, null, table.TableAttrs, table.DestTable));
            }
            else
            {
                result.Add(table);
            }
        }
        return result;
    }

    private async Task SetStateAsync(NpgsqlConnection local, TableState table, TableSyncState state, long tick, CancellationToken cancellationToken)
    {
        var text = TableState.RenderState(state, tick);
        await LocalNode.SetTableStateAsync(local, Queue, table.Name, table.CustomSnapshot, text, cancellationToken);
        WorkerLog.TableState(_logger, table.Name, text ?? "NULL");
        _signal.Pulse();
    }
}
