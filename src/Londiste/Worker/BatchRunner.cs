using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Londiste.Worker;

/// <summary>The outcome of one step of a cascaded consumer.</summary>
internal enum StepResult
{
    /// <summary>Paused: sleep <c>loop_delay</c>.</summary>
    Idle,

    /// <summary>No batch ready (the provider made no tick since the last one): sleep <c>loop_delay</c> or ask for a tick.</summary>
    NoBatch,

    /// <summary>A batch was applied (or skipped as already applied) and finished.</summary>
    Worked,

    /// <summary>The consumer is done (copy task after hand-over).</summary>
    Exit,
}

/// <summary>
/// One step of a cascaded consumer, as the original's cascaded worker: read the consumer's state on the local node,
/// take the next batch from the provider, skip it if the local node already completed it, otherwise apply it and
/// record the completed tick in ONE local transaction, then finish the batch on the provider. A crash at any point
/// leaves either the old tick (batch re-applied from scratch) or the new tick (batch skipped) on the local node.
/// </summary>
internal static class BatchRunner
{
    /// <param name="previousStepFailed">The error stored by the previous step stays visible until a step after it succeeds.</param>
    public static async Task<StepResult> StepAsync(
        ConsumerConnections connections, string queue, IBatchParticipant participant, int fetchSize, int mergedBatchEvents, bool previousStepFailed,
        FaultPoints? faults, ILogger logger, CancellationToken cancellationToken)
    {
        var local = await connections.LocalAsync(cancellationToken);
        var state = await LocalNode.GetConsumerStateAsync(local, queue, participant.ConsumerName, cancellationToken);
        if (!state.Uptodate)
        {
            // Tells admin commands (pause/resume, change-provider) the worker has seen their change.
            await LocalNode.SetConsumerUptodateAsync(local, queue, participant.ConsumerName, cancellationToken);
        }
        if (state.CurrentError is not null && !previousStepFailed)
        {
            await LocalNode.SetConsumerErrorAsync(local, queue, participant.ConsumerName, null, cancellationToken);
        }
        if (state.Paused)
        {
            return StepResult.Idle;
        }
        var provider = await connections.ProviderAsync(state.ProviderLocation, cancellationToken);
        var batch = await ProviderQueue.NextBatchAsync(
            provider, queue, participant.ConsumerName, participant.MayMergeTicks ? mergedBatchEvents : 0, cancellationToken);
        if (batch is null)
        {
            return StepResult.NoBatch;
        }
        if (state.CompletedTick == batch.TickId)
        {
            WorkerLog.BatchAlreadyApplied(logger, batch.PrevTickId, batch.TickId);
            await participant.AlreadyAppliedAsync(local, batch, cancellationToken);
            await ProviderQueue.FinishBatchAsync(provider, batch.BatchId, cancellationToken);
            return StepResult.Worked;
        }
        if (state.CompletedTick != batch.PrevTickId)
        {
            throw new InvalidOperationException(
                $"Lost position: batch {batch.PrevTickId}..{batch.TickId}, dst has {state.CompletedTick}");
        }
        if (await participant.SyncAsync(local, provider, batch, cancellationToken) == SyncDecision.Exit)
        {
            return StepResult.Exit;
        }

        var watch = Stopwatch.StartNew();
        long count = 0;
        await using (var localTx = await local.BeginTransactionAsync(cancellationToken))
        await using (var providerTx = await provider.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken))
        {
            try
            {
                await foreach (var ev in ProviderQueue.ReadEventsAsync(provider, batch.BatchId, fetchSize, cancellationToken))
                {
                    await participant.ProcessEventAsync(local, ev, cancellationToken);
                    count++;
                }
                await participant.BeforeCommitAsync(local, batch, cancellationToken);
            }
            catch
            {
                // Nothing of this batch may stay buffered for the next try, and the local connection must be idle
                // (the applier may still be sending a chunk in the background) before the transaction rolls back.
                await participant.AbandonAsync();
                throw;
            }
            await LocalNode.SetConsumerCompletedAsync(local, queue, participant.ConsumerName, batch.TickId, cancellationToken);
            // Never commit a batch whose processing saw the cancellation half way.
            cancellationToken.ThrowIfCancellationRequested();
            await Fault(faults, FaultPoints.BeforeLocalCommit, participant);
            await localTx.CommitAsync(cancellationToken);
            await providerTx.CommitAsync(cancellationToken);
        }
        await Fault(faults, FaultPoints.AfterLocalCommit, participant);
        await participant.AfterCommitAsync(local, batch, cancellationToken);
        await Fault(faults, FaultPoints.BeforeFinish, participant);
        await ProviderQueue.FinishBatchAsync(provider, batch.BatchId, cancellationToken);
        WorkerLog.BatchStats(logger, count, participant.IgnoredEvents, batch.TickId, watch.Elapsed.TotalSeconds);
        return StepResult.Worked;
    }

    private static Task Fault(FaultPoints? faults, string point, IBatchParticipant participant) =>
        faults is null ? Task.CompletedTask : faults.HitAsync(point, participant.ConsumerName);

    /// <summary>Stores the error for <c>status</c> on a fresh connection (the worker's own is likely broken).</summary>
    public static async Task RecordErrorAsync(string localConnectionString, string queue, string consumer, string error, ILogger logger)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await using var connection = new NpgsqlConnection(Skytools.Connections.ConnectionStringConverter.ToNpgsql(localConnectionString));
            await connection.OpenAsync(timeout.Token);
            await LocalNode.SetConsumerErrorAsync(connection, queue, consumer, error, timeout.Token);
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or NodeCallException or TimeoutException or System.Net.Sockets.SocketException)
        {
            WorkerLog.SetErrorFailed(logger, exception.Message);
        }
    }
}
