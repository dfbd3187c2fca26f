using Londiste.Worker;
using Microsoft.Extensions.Logging;
using Npgsql;
using PgQ;

namespace Londiste.Copy;

/// <summary>
/// The copy side of one table's hand-over (the original's <c>londiste copy TABLE</c> process, here a task in the
/// worker's process). Consumer <c>&lt;job_name&gt;.copy.&lt;table&gt;</c> is registered on the provider at its newest
/// tick and on the local node at the same tick; on its first batch it copies the table (<c>in-copy</c> →
/// <c>catching-up</c>), then applies only this table's batches until it finds no more work and asks for the
/// hand-over (<c>wanna-sync:T</c>). When the main worker answers <c>do-sync:T</c> it applies batches up to T and, at
/// the batch ending at T, sets <c>ok</c> without applying it (the main worker applies that batch), unregisters and ends.
/// </summary>
internal sealed class TableCopyTask : IBatchParticipant
{
    private readonly string _table;
    private readonly Func<WorkerOptions> _options;
    private readonly StateSignal _signal;
    private readonly EventRouter _router;
    private readonly ILogger _logger;
    private readonly FaultPoints? _faults;
    private bool _lastStepIdle;
    private bool _tickedWhenIdle;

    public TableCopyTask(string table, Func<WorkerOptions> options, StateSignal signal, IRowChangeApplier applier, FaultPoints? faults, ILogger logger)
    {
        _faults = faults;
        _table = table;
        _options = options;
        _signal = signal;
        _logger = logger;
        _router = new EventRouter(applier, logger);
        ConsumerName = CopyConsumerName(options().ConsumerName, table);
    }

    public long IgnoredEvents => _router.Ignored;

    /// <summary>A copy catches up tick by tick: it must stop exactly at the main worker's tick.</summary>
    public bool MayMergeTicks => false;

    public string ConsumerName { get; }

    private string Queue => _options().QueueName;

    public static string CopyConsumerName(string job, string table) => job + ".copy." + table;

    /// <summary>Runs until the table is handed over (or gone); errors are recorded and retried with back-off.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = _options();
        await using var connections = new ConsumerConnections(options.NodeConnectionString, options.RemoteExtraConnectionString);
        var delay = options.ErrorDelay;
        var failed = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            StepResult result;
            try
            {
                var local = await connections.LocalAsync(cancellationToken);
                if (!await EnsureRegisteredAsync(connections, local, cancellationToken))
                {
                    return;
                }
                result = await BatchRunner.StepAsync(connections, Queue, this, _options().PgqLazyFetch, _options().MergedBatchEvents, failed, _faults, _logger, cancellationToken);
                delay = _options().ErrorDelay;
                failed = false;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                WorkerLog.Crashed(_logger, exception, ConsumerName, exception.Message, delay);
                failed = true;
                await connections.ResetAsync();
                await BatchRunner.RecordErrorAsync(_options().NodeConnectionString, Queue, ConsumerName, exception.Message, _logger);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options().MaxErrorDelay.Ticks));
                continue;
            }
            switch (result)
            {
                case StepResult.Exit:
                    await UnregisterAsync(connections, cancellationToken);
                    WorkerLog.CopyDone(_logger, _table);
                    _signal.Pulse();
                    return;
                case StepResult.NoBatch when !_tickedWhenIdle:
                    // Caught up with the provider's last tick (or waiting for the first batch after the registration):
                    // ask for a tick now rather than sleep loop_delay and wait for the ticker's idle period; the next
                    // step then finds the batch that the hand-over (wanna-sync) needs. Once only: if that gave no
                    // batch (the original's pgq, a branch provider), fall back to waiting.
                    _lastStepIdle = true;
                    _tickedWhenIdle = true;
                    if (!await TickNowAsync(connections, cancellationToken))
                    {
                        await _signal.WaitAsync(_options().LoopDelay, cancellationToken);
                    }
                    break;
                case StepResult.NoBatch:
                case StepResult.Idle:
                    _lastStepIdle = true;
                    _tickedWhenIdle = false;
                    await _signal.WaitAsync(_options().LoopDelay, cancellationToken);
                    break;
                default:
                    _lastStepIdle = false;
                    _tickedWhenIdle = false;
                    break;
            }
        }
    }

    public async Task<SyncDecision> SyncAsync(NpgsqlConnection local, NpgsqlConnection provider, ProviderBatch batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            var table = (await LocalNode.GetLocalTablesAsync(local, Queue, cancellationToken)).FirstOrDefault(t => t.Name == _table);
            if (table is null)
            {
                WorkerLog.CopyLostTable(_logger, _table);
                return SyncDecision.Exit;
            }
            switch (table.State)
            {
                case TableSyncState.DoSync when batch.TickId == table.SyncTick:
                    // The main worker stopped before this batch: from here on it applies the table.
                    await SetStateAsync(local, table, "ok", cancellationToken);
                    // Statistics for the planner, while the main worker already goes on (ANALYZE does not block
                    // row changes); done here rather than after the copy so that it does not delay the hand-over.
                    await TableCopier.AnalyzeAsync(local, table.DestTable, cancellationToken);
                    return SyncDecision.Exit;
                case TableSyncState.DoSync when batch.TickId < table.SyncTick:
                    return Proceed(table);
                case TableSyncState.DoSync:
                    throw new InvalidOperationException($"copy_sync: cur_tick={batch.TickId} sync_tick={table.SyncTick}: Invalid table state");
                case TableSyncState.WannaSync:
                    await _signal.WaitAsync(_options().SyncPollInterval, cancellationToken);
                    continue;
                case TableSyncState.CatchingUp when !_lastStepIdle:
                    return Proceed(table);
                case TableSyncState.CatchingUp:
                    // Caught up (the previous look found no batch): ask the main worker to take over at this batch.
                    await SetStateAsync(local, table, TableState.RenderState(TableSyncState.WannaSync, batch.TickId)!, cancellationToken);
                    // The main worker answers at its first batch ending at or after this tick; it may have consumed
                    // this tick already, so make the next one now instead of leaving it waiting for the ticker.
                    await ProviderQueue.TickNowAsync(provider, Queue, cancellationToken);
                    _signal.Pulse();
                    continue;
                case TableSyncState.InCopy:
                    await new TableCopier(Queue, _options(), _logger).CopyAsync(local, provider, table, cancellationToken);
                    _lastStepIdle = false;
                    _signal.Pulse();
                    continue;
                default:
                    return SyncDecision.Exit;
            }
        }
    }

    public ValueTask ProcessEventAsync(NpgsqlConnection local, PgQEvent ev, CancellationToken cancellationToken) =>
        EventRouter.IsDataEvent(ev) || ev.Type == "R" ? _router.RouteAsync(local, ev, cancellationToken) : ValueTask.CompletedTask;

    public ValueTask AbandonAsync() => _router.DiscardAsync();

    public async Task BeforeCommitAsync(NpgsqlConnection local, ProviderBatch batch, CancellationToken cancellationToken) =>
        await _router.FlushAsync(local, cancellationToken);

    public Task AfterCommitAsync(NpgsqlConnection local, ProviderBatch batch, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AlreadyAppliedAsync(NpgsqlConnection local, ProviderBatch batch, CancellationToken cancellationToken) => Task.CompletedTask;

    private SyncDecision Proceed(TableState table)
    {
        _router.Reset([table]);
        return SyncDecision.Proceed;
    }

    private async Task SetStateAsync(NpgsqlConnection local, TableState table, string state, CancellationToken cancellationToken)
    {
        await LocalNode.SetTableStateAsync(local, Queue, table.Name, table.CustomSnapshot, state, cancellationToken);
        WorkerLog.TableState(_logger, table.Name, state);
        _signal.Pulse();
    }

    /// <summary>
    /// Registers the copy consumer on the provider (at its newest tick) and then locally at the same tick, unless the
    /// local node already knows it (a restarted copy resumes where it stopped).
    /// </summary>
    /// <returns>False when the table no longer needs a copy.</returns>
    private async Task<bool> EnsureRegisteredAsync(ConsumerConnections connections, NpgsqlConnection local, CancellationToken cancellationToken)
    {
        try
        {
            await LocalNode.GetConsumerStateAsync(local, Queue, ConsumerName, cancellationToken);
            return true;
        }
        catch (NodeCallException exception) when (exception.Code == 404)
        {
            // Not registered yet.
        }
        var table = (await LocalNode.GetLocalTablesAsync(local, Queue, cancellationToken)).FirstOrDefault(t => t.Name == _table);
        if (table is null || !table.IsCopying)
        {
            return false;
        }
        var node = await LocalNode.GetNodeInfoAsync(local, Queue, cancellationToken)
            ?? throw new InvalidOperationException($"queue {Queue} has no node on the local database");
        var provider = await connections.ProviderAsync(node.ProviderLocation!, cancellationToken);
        var tick = await ProviderQueue.RegisterConsumerAsync(provider, Queue, ConsumerName, cancellationToken);
        await LocalNode.RegisterConsumerAsync(local, Queue, ConsumerName, node.ProviderNode!, tick, cancellationToken);
        WorkerLog.CopySource(_logger, node.ProviderNode!);
        // The copy starts with the first batch after the registration tick: make that tick now instead of waiting
        // for the ticker's idle period.
        await ProviderQueue.TickNowAsync(provider, Queue, cancellationToken);
        return true;
    }

    private async Task<bool> TickNowAsync(ConsumerConnections connections, CancellationToken cancellationToken)
    {
        var local = await connections.LocalAsync(cancellationToken);
        var state = await LocalNode.GetConsumerStateAsync(local, Queue, ConsumerName, cancellationToken);
        var provider = await connections.ProviderAsync(state.ProviderLocation, cancellationToken);
        return await ProviderQueue.TickNowAsync(provider, Queue, cancellationToken);
    }

    private async Task UnregisterAsync(ConsumerConnections connections, CancellationToken cancellationToken)
    {
        var local = await connections.LocalAsync(cancellationToken);
        var state = await LocalNode.GetConsumerStateAsync(local, Queue, ConsumerName, cancellationToken);
        var provider = await connections.ProviderAsync(state.ProviderLocation, cancellationToken);
        await ProviderQueue.UnregisterConsumerAsync(provider, Queue, ConsumerName, cancellationToken);
        await LocalNode.UnregisterConsumerAsync(local, Queue, ConsumerName, cancellationToken);
    }
}
