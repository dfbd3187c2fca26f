using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PgQ.Internal;

namespace PgQ;

/// <summary>
/// Reads one queue as one named consumer, a batch at a time, and moves the consumer's position only after the
/// application's handler has processed a batch successfully.
/// </summary>
/// <remarks>
/// <para>
/// Each batch is handled in one transaction on a connection from the data source: the events are streamed from a
/// cursor, the handler runs, events it marked are put into the retry queue and <c>pgq.finish_batch</c> is called,
/// then the transaction commits. If the handler throws, the transaction rolls back and the same batch is handed out
/// again later (after a back-off, in <see cref="RunAsync"/>). Delivery is therefore at least once; with
/// <see cref="BatchTransactionMode.Shared"/> and a handler that writes only to the queue's database it is exactly once.
/// </para>
/// <para>One consumer object runs one loop at a time; use one object (and one consumer name) per concurrent reader.</para>
/// </remarks>
public sealed class PgQConsumer
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PgQConsumerOptions _options;
    private readonly ILogger _logger;
    private TaskCompletionSource _wake = NewWakeSignal();
    private int _busy;
    private long? _currentBatchId;

    /// <summary>Creates a consumer that takes its connections from <paramref name="dataSource"/>.</summary>
    /// <exception cref="ArgumentException">An option is invalid (the message names it).</exception>
    public PgQConsumer(NpgsqlDataSource dataSource, PgQConsumerOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _dataSource = dataSource;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The settings this consumer runs with.</summary>
    public PgQConsumerOptions Options => _options;

    /// <summary>
    /// Runs the consumer until <paramref name="cancellationToken"/> is cancelled: takes the next batch, hands it to
    /// <paramref name="handler"/>, finishes it, and sleeps <see cref="PgQConsumerOptions.LoopDelay"/> when no batch is ready.
    /// A handler exception or a database error is logged and the batch is retried after a back-off
    /// (<see cref="PgQConsumerOptions.ErrorDelay"/>, doubling up to <see cref="PgQConsumerOptions.MaxErrorDelay"/>).
    /// </summary>
    /// <param name="handler">Processes one batch; it gets the loop's cancellation token.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>Never completes normally.</returns>
    /// <exception cref="OperationCanceledException">
    /// Always, when <paramref name="cancellationToken"/> is cancelled: that is how the loop ends. A batch in progress at
    /// that moment is not finished (its transaction rolls back), even if the handler returned normally after seeing
    /// the cancellation; it is delivered again to the next run.
    /// </exception>
    public async Task RunAsync(Func<PgQBatch, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        EnterExclusive();
        ConsumerLog.Starting(_logger, _options.ConsumerName, _options.QueueName);
        var registered = !_options.RegisterOnStart;
        var errorDelay = _options.ErrorDelay;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool processed;
                try
                {
                    if (!registered)
                    {
                        await RegisterAsync(cancellationToken);
                        registered = true;
                    }
                    processed = await ProcessBatchAsync(handler, cancellationToken);
                    errorDelay = _options.ErrorDelay;
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    LogFailure(exception, errorDelay);
                    await Task.Delay(errorDelay, cancellationToken);
                    errorDelay = TimeSpan.FromTicks(Math.Min(errorDelay.Ticks * 2, _options.MaxErrorDelay.Ticks));
                    continue;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Failed while stopping (e.g. a command cut short by the cancellation): the contract is to end
                    // with OperationCanceledException; the cause stays attached.
                    throw new OperationCanceledException("the consumer was stopped", exception, cancellationToken);
                }
                if (!processed)
                {
                    await SleepAsync(_options.LoopDelay, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ConsumerLog.Stopped(_logger, _options.ConsumerName, _options.QueueName);
            throw;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Processes at most one batch: takes the consumer's next batch (or the unfinished one), hands it to
    /// <paramref name="handler"/> and finishes it. For callers that drive their own loop; exceptions propagate and
    /// leave the batch unfinished.
    /// </summary>
    /// <returns>True if a batch (possibly empty) was processed and finished; false if no batch was ready.</returns>
    public async Task<bool> ProcessNextBatchAsync(Func<PgQBatch, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        EnterExclusive();
        try
        {
            return await ProcessBatchAsync(handler, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private async Task<bool> ProcessBatchAsync(Func<PgQBatch, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        _currentBatchId = null;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var ticks = await BatchTicks.NextAsync(connection, _options, cancellationToken);
        if (ticks is null)
        {
            return false;
        }
        _currentBatchId = ticks.BatchId;
        // Disposing without commit rolls back: handler writes (Shared mode), retries and the finish go together.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = new PgQBatch(ticks, _options.QueueName, _options.ConsumerName, connection, transaction,
            _options.TransactionMode, _options.FetchSize, cancellationToken);
        try
        {
            await handler(batch, cancellationToken);
        }
        finally
        {
            batch.Seal();
        }
        // A handler that noticed the cancellation may have returned early with events unprocessed: never finish
        // such a batch.
        cancellationToken.ThrowIfCancellationRequested();
        await RetryEventsAsync(connection, batch, cancellationToken);
        await FinishBatchAsync(connection, batch.BatchId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        ConsumerLog.BatchFinished(_logger, batch.BatchId, batch.PrevTickId, batch.TickId, batch.EventsRead, batch.Retries.Count);
        return true;
    }

    // One loop or one batch at a time per object: two loops under one consumer name would share one batch.
    private void EnterExclusive()
    {
        if (Interlocked.Exchange(ref _busy, 1) == 1)
        {
            throw new InvalidOperationException(
                $"consumer {_options.ConsumerName} on queue {_options.QueueName} is already running; one consumer object runs one loop at a time");
        }
    }

    /// <summary><c>pgq.register_consumer</c>: subscribes this consumer at the queue's newest tick (no-op if registered).</summary>
    /// <returns>True if newly registered.</returns>
    public async Task<bool> RegisterAsync(CancellationToken cancellationToken)
    {
        ConsumerLog.Registering(_logger, _options.ConsumerName, _options.QueueName);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await PgQAdmin.RegisterConsumerAsync(connection, _options.QueueName, _options.ConsumerName, cancellationToken);
    }

    /// <summary><c>pgq.unregister_consumer</c>: drops this consumer's position and its events in the retry queue.</summary>
    /// <returns>True if it was registered.</returns>
    public async Task<bool> UnregisterAsync(CancellationToken cancellationToken)
    {
        ConsumerLog.Unregistering(_logger, _options.ConsumerName, _options.QueueName);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await PgQAdmin.UnregisterConsumerAsync(connection, _options.QueueName, _options.ConsumerName, cancellationToken);
    }

    /// <summary>
    /// Ends the current idle sleep of <see cref="RunAsync"/> now (or the next one, if the loop is busy), e.g. right
    /// after the application ticked the queue. Safe to call from any thread.
    /// </summary>
    public void Wake() => Volatile.Read(ref _wake).TrySetResult();

    private async Task SleepAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var wake = Volatile.Read(ref _wake);
        try
        {
            await wake.Task.WaitAsync(delay, cancellationToken);
        }
        catch (TimeoutException)
        {
            return; // Slept the whole delay.
        }
        // Woken: arm a fresh signal; a Wake() racing with this goes to whichever signal it finds, and is not lost
        // because the loop looks for a batch before sleeping again.
        Interlocked.CompareExchange(ref _wake, NewWakeSignal(), wake);
    }

    private static TaskCompletionSource NewWakeSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // One statement for all marked events. pgq.event_retry looks the event up in the batch (it re-reads the batch
    // per call), which keeps the original's checks and needs only pgq_reader rights; retrying many events of a huge
    // batch is therefore slow, as in the original.
    private static async Task RetryEventsAsync(NpgsqlConnection connection, PgQBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Retries.Count == 0)
        {
            return;
        }
        await using var command = Parameters.Command(connection,
            "select pgq.event_retry($1, u.ev_id, u.seconds) from unnest($2::int8[], $3::int4[]) as u(ev_id, seconds)",
            Parameters.Bigint(batch.BatchId),
            Parameters.BigintArray(batch.Retries.Keys.ToArray()),
            Parameters.IntegerArray(batch.Retries.Values.ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task FinishBatchAsync(NpgsqlConnection connection, long batchId, CancellationToken cancellationToken)
    {
        await using var command = Parameters.Command(connection, "select pgq.finish_batch($1)", Parameters.Bigint(batchId));
        if ((int)(await command.ExecuteScalarAsync(cancellationToken))! != 1)
        {
            // The batch vanished under us (the consumer was unregistered or repositioned meanwhile): committing the
            // handler's writes would apply events the queue no longer counts as consumed.
            throw new InvalidOperationException(
                $"pgq.finish_batch({batchId}) found no such batch: consumer {_options.ConsumerName} on queue {_options.QueueName} was unregistered or repositioned while processing it");
        }
    }

    private void LogFailure(Exception exception, TimeSpan delay)
    {
        if (_currentBatchId is long batchId)
        {
            ConsumerLog.BatchFailed(_logger, exception, _options.ConsumerName, _options.QueueName, batchId, delay);
        }
        else
        {
            ConsumerLog.LoopFailed(_logger, exception, _options.ConsumerName, _options.QueueName, delay);
        }
    }
}
