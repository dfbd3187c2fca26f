using Londiste.Copy;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Londiste.Worker;

/// <summary>
/// The Londiste replication worker of one node (<c>londiste CONFIG worker</c>): reads its provider's queue batch by
/// batch and applies each batch to the local tables together with the completed tick in one local transaction;
/// copies newly added tables (up to <c>parallel_copies</c> at once, in tasks of this process) and hands them over
/// to the main loop exactly at a tick; on a branch re-queues the events into the local queue and ticks it with the
/// provider's tick ids; on the root it only idles (sequences, global watermark).
/// </summary>
/// <remarks>
/// Cancel the token to stop: a batch in progress rolls back and is applied again by the next run, so stopping (or
/// crashing) at any moment neither loses nor repeats a batch. Database errors are logged, stored with
/// <c>pgq_node.set_consumer_error</c> (shown by <c>status</c>), the connections dropped and the step retried after a
/// back-off.
/// </remarks>
public sealed class ReplicationWorker
{
    private readonly ILogger _logger;
    private readonly Func<IRowChangeApplier> _applierFactory;
    private WorkerOptions _options;
    private int _running;
    private DateTimeOffset _nextWatermarkPublish = DateTimeOffset.MinValue;

    /// <exception cref="ArgumentException">An option is invalid (the message names the .ini key).</exception>
    public ReplicationWorker(WorkerOptions options, ILoggerFactory loggerFactory)
        : this(options, loggerFactory, () => new GroupingRowChangeApplier(loggerFactory.CreateLogger("londiste.apply")))
    {
    }

    /// <summary>With a custom row applier (one instance per consumer loop).</summary>
    public ReplicationWorker(WorkerOptions options, ILoggerFactory loggerFactory, Func<IRowChangeApplier> applierFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(applierFactory);
        options.Validate();
        _options = options;
        _logger = loggerFactory.CreateLogger("londiste.worker");
        _applierFactory = applierFactory;
    }

    /// <summary>Test hook (crash points inside a batch); null in production.</summary>
    internal FaultPoints? Faults { get; set; }

    /// <summary>The settings in force.</summary>
    public WorkerOptions Options => Volatile.Read(ref _options);

    /// <summary>
    /// Applies reloaded settings (<c>-r</c>): <c>parallel_copies</c>, <c>loop_delay</c>, back-off and fetch size take
    /// effect at the next batch. The node, queue and consumer name cannot change while running.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid, or it changes the node, queue or consumer.</exception>
    public void Reload(WorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var current = Options;
        if (options.NodeConnectionString != current.NodeConnectionString || options.QueueName != current.QueueName
            || options.ConsumerName != current.ConsumerName)
        {
            throw new ArgumentException("db, queue_name and job_name cannot change on reload; restart the worker");
        }
        Volatile.Write(ref _options, options);
        WorkerLog.OptionsReloaded(_logger, options.ParallelCopies);
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="OperationCanceledException">When cancelled: the only way it ends.</exception>
    /// <exception cref="InvalidOperationException">Already running.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("the worker is already running");
        }
        var options = Options;
        WorkerLog.Starting(_logger, options.ConsumerName, options.QueueName);
        var signal = new StateSignal();
        await using var copies = new CopyTaskManager(() => Options, signal, _applierFactory, Faults, _logger);
        using var link = copies.LinkTo(cancellationToken);
        await using var connections = new ConsumerConnections(options.NodeConnectionString, options.RemoteExtraConnectionString, options.QueueName);
        var main = new MainWorker(() => Options, copies, signal, _applierFactory(), _logger);
        var delay = options.ErrorDelay;
        var cleaned = false;
        var failed = false;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TimeSpan sleep;
                var wakeOnTick = false;
                try
                {
                    connections.ClearTickNotice();
                    sleep = await StepAsync(connections, main, copies, cleaned, failed, cancellationToken);
                    cleaned = true;
                    failed = false;
                    // Only an idle consumer waits for its provider's next tick; error back-off is not cut short.
                    wakeOnTick = true;
                    delay = Options.ErrorDelay;
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    WorkerLog.Crashed(_logger, exception, Options.ConsumerName, exception.Message, delay);
                    failed = true;
                    await connections.ResetAsync();
                    await BatchRunner.RecordErrorAsync(Options.NodeConnectionString, Options.QueueName, Options.ConsumerName, exception.Message, _logger);
                    sleep = delay;
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Options.MaxErrorDelay.Ticks));
                }
                if (sleep > TimeSpan.Zero)
                {
                    await PauseAsync(connections, signal, sleep, wakeOnTick, cancellationToken);
                }
            }
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is not OperationCanceledException)
        {
            // A command cut short by the cancellation: the contract is to end with OperationCanceledException.
            throw new OperationCanceledException("the worker was stopped", exception, cancellationToken);
        }
        finally
        {
            WorkerLog.Stopped(_logger, options.ConsumerName);
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>
    /// Sleeps until <paramref name="sleep"/> has passed, a copy task changed a table state, or (when
    /// <paramref name="wakeOnTick"/>) the provider notified a new tick of the queue: the batch is then fetched at
    /// once, so replication lag does not include <c>loop_delay</c>, which is only the fallback when no notification
    /// comes (a provider without NOTIFY, or a lost one).
    /// </summary>
    private static async Task PauseAsync(ConsumerConnections connections, StateSignal signal, TimeSpan sleep, bool wakeOnTick, CancellationToken cancellationToken)
    {
        if (!wakeOnTick)
        {
            await signal.WaitAsync(sleep, cancellationToken);
            return;
        }
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var state = signal.WaitAsync(sleep, wake.Token);
        var tick = connections.WaitForTickAsync(sleep, wake.Token);
        await Task.WhenAny(state, tick);
        await wake.CancelAsync();
        try
        {
            await Task.WhenAll(state, tick);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The other wait, stopped because this one ended.
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The provider connection failed while waiting: the next step reconnects (and reports a real outage).
            await connections.ResetAsync();
        }
    }

    /// <returns>How long to sleep before the next step (zero: there may be more work now).</returns>
    private async Task<TimeSpan> StepAsync(
        ConsumerConnections connections, MainWorker main, CopyTaskManager copies, bool cleaned, bool previousStepFailed, CancellationToken cancellationToken)
    {
        var options = Options;
        var local = await connections.LocalAsync(cancellationToken);
        var node = await LocalNode.GetNodeInfoAsync(local, options.QueueName, cancellationToken);
        if (node is null)
        {
            WorkerLog.NodeNotInitialized(_logger, options.QueueName);
            return options.LoopDelay * 10;
        }
        if (node.IsRoot)
        {
            await RootIdleAsync(local, options, cancellationToken);
            return options.LoopDelay * 10;
        }
        if (node.CombinedQueue is not null)
        {
            throw new NotSupportedException(
                $"node {node.NodeName} is a merge leaf (combined queue {node.CombinedQueue}): merge setups are not supported by this worker");
        }
        await main.SetNodeAsync(node, local, cancellationToken);
        if (!cleaned)
        {
            var provider = await connections.ProviderAsync(node.ProviderLocation!, cancellationToken);
            await copies.CleanUpStaleConsumersAsync(local, provider, cancellationToken);
            var tables = await LocalNode.GetLocalTablesAsync(local, options.QueueName, cancellationToken);
            copies.EnsureRunning(tables.Where(t => t.IsCopying).Select(t => t.Name));
        }
        var result = await BatchRunner.StepAsync(connections, options.QueueName, main, options.PgqLazyFetch, options.MergedBatchEvents, previousStepFailed, Faults, _logger, cancellationToken);
        if (result == StepResult.Worked)
        {
            await PublishLocalWatermarkAsync(connections, node, options, cancellationToken);
            return TimeSpan.Zero;
        }
        if (result == StepResult.NoBatch
            && await main.TickForWaitingTablesAsync(local, await connections.ProviderAsync(node.ProviderLocation!, cancellationToken), cancellationToken))
        {
            return TimeSpan.Zero;
        }
        return options.LoopDelay;
    }

    /// <summary>The root applies nothing: it publishes sequences and, periodically, the global watermark.</summary>
    private async Task RootIdleAsync(NpgsqlConnection local, WorkerOptions options, CancellationToken cancellationToken)
    {
        WorkerLog.Standby(_logger);
        await LocalNode.CallAsync(local, "londiste.root_check_seqs", cancellationToken, options.QueueName);
        if (DateTimeOffset.UtcNow >= _nextWatermarkPublish)
        {
            await using var command = LocalNode.Command(local, "select pgq_node.set_global_watermark($1, null)", options.QueueName);
            await command.ExecuteNonQueryAsync(cancellationToken);
            _nextWatermarkPublish = DateTimeOffset.UtcNow + options.GlobalWatermarkPublishPeriod;
        }
    }

    /// <summary>Reports this node's lowest needed tick to its provider, so the provider may rotate past it.</summary>
    private async Task PublishLocalWatermarkAsync(ConsumerConnections connections, NodeInfo node, WorkerOptions options, CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow < _nextWatermarkPublish)
        {
            return;
        }
        var local = await connections.LocalAsync(cancellationToken);
        var fresh = await LocalNode.GetNodeInfoAsync(local, options.QueueName, cancellationToken);
        if (fresh?.LocalWatermark is not long watermark)
        {
            return;
        }
        var provider = await connections.ProviderAsync(node.ProviderLocation!, cancellationToken);
        await using var command = LocalNode.Command(provider, "select pgq_node.set_subscriber_watermark($1, $2, $3)", options.QueueName, node.NodeName, watermark);
        await command.ExecuteNonQueryAsync(cancellationToken);
        _nextWatermarkPublish = DateTimeOffset.UtcNow + options.LocalWatermarkPublishPeriod;
    }
}
