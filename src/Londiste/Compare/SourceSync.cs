using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Skytools.Sql;

namespace Londiste.Compare;

/// <summary>
/// Brings source and subscriber to the same point for one table and fixes a snapshot on each side.
/// Root provider: lock the source table IN SHARE MODE (writers finish first, new ones wait; at most
/// lock_timeout), tick the queue (the tick's snapshot then holds every change of the table), wait until
/// the subscriber's worker completed that tick, open a REPEATABLE READ snapshot on both sides, unlock.
/// Branch provider: its table only changes through its own worker, so that worker is paused instead
/// and the subscriber waits for the branch's last tick.
/// </summary>
internal sealed class SourceSync(CompareOptions options, ILogger logger)
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    public async Task AlignAsync(
        NodeQueries.NodeInfo provider, string providerConnectionString, NpgsqlConnection source, NpgsqlConnection target,
        string sourceTable, string targetTable, CancellationToken cancellationToken)
    {
        await using var setup = new NpgsqlConnection(providerConnectionString);
        await setup.OpenAsync(cancellationToken);
        if (provider.NodeType == "root")
        {
            await using var lockConnection = new NpgsqlConnection(providerConnectionString);
            await lockConnection.OpenAsync(cancellationToken);
            await using var lockTransaction = await lockConnection.BeginTransactionAsync(cancellationToken);
            CompareLog.Locking(logger, sourceTable);
            var started = Stopwatch.StartNew();
            await ExecAsync(lockConnection, $"set local statement_timeout = {(long)options.LockTimeout.TotalMilliseconds}", cancellationToken);
            await ExecAsync(lockConnection, $"lock table {SqlQuote.QualifiedIdent(sourceTable)} in share mode", cancellationToken);
            CompareLog.Syncing(logger, targetTable);
            var tick = await TickAfterLockAsync(setup, cancellationToken);
            await WaitForTickAsync(target, tick, started, cancellationToken);
            await SnapshotAsync(source, target, cancellationToken);
            await lockTransaction.CommitAsync(cancellationToken);
        }
        else
        {
            var worker = provider.WorkerName ?? throw new CompareException($"provider node {provider.NodeName} has no worker; compare needs it to pause the table's changes");
            var started = Stopwatch.StartNew();
            var wasPaused = await SetPausedAsync(setup, worker, true, cancellationToken);
            try
            {
                CompareLog.Syncing(logger, targetTable);
                var tick = await ScalarAsync<long>(setup, "select last_tick_id from pgq.get_queue_info($1)", cancellationToken, options.QueueName);
                await WaitForTickAsync(target, tick, started, cancellationToken);
                await SnapshotAsync(source, target, cancellationToken);
            }
            finally
            {
                if (!wasPaused)
                {
                    await SetPausedAsync(setup, worker, false, CancellationToken.None);
                }
            }
        }
    }

    /// <summary>
    /// A tick taken after the lock: force_tick makes the ticker's thresholds pass; when the ticker still
    /// declines, pgqd ticked in between (also after the lock), and that tick serves as well.
    /// </summary>
    private async Task<long> TickAfterLockAsync(NpgsqlConnection setup, CancellationToken cancellationToken)
    {
        await ScalarAsync<object>(setup, "select pgq.force_tick($1)", cancellationToken, options.QueueName);
        var ticked = await ScalarAsync<object>(setup, "select pgq.ticker($1)", cancellationToken, options.QueueName);
        if (ticked is long tick)
        {
            return tick;
        }
        return await ScalarAsync<long>(setup, "select last_tick_id from pgq.get_queue_info($1)", cancellationToken, options.QueueName);
    }

    private async Task WaitForTickAsync(NpgsqlConnection target, long tick, Stopwatch started, CancellationToken cancellationToken)
    {
        while (true)
        {
            var info = await NodeQueries.GetNodeInfoAsync(target, options.QueueName, cancellationToken);
            if (info.WorkerLastTick >= tick)
            {
                return;
            }
            if (started.Elapsed > options.LockTimeout)
            {
                if (!options.Force)
                {
                    throw new CompareException("Consumer lagging too much, cannot proceed");
                }
                CompareLog.LaggingForced(logger);
                return;
            }
            await Task.Delay(PollEvery, cancellationToken);
        }
    }

    /// <summary>Both sides get a REPEATABLE READ transaction whose snapshot is taken now (the first query fixes it).</summary>
    private static async Task SnapshotAsync(NpgsqlConnection source, NpgsqlConnection target, CancellationToken cancellationToken)
    {
        foreach (var side in new[] { source, target })
        {
            await ExecAsync(side, "begin transaction isolation level repeatable read read only", cancellationToken);
            await ExecAsync(side, "select 1", cancellationToken);
        }
    }

    private async Task<bool> SetPausedAsync(NpgsqlConnection setup, string worker, bool paused, CancellationToken cancellationToken)
    {
        if (paused)
        {
            CompareLog.Pausing(logger, worker);
        }
        else
        {
            CompareLog.Resuming(logger, worker);
        }
        var was = await ScalarAsync<bool>(setup, "select paused from pgq_node.get_consumer_state($1, $2)", cancellationToken, options.QueueName, worker);
        await ScalarAsync<int>(setup, "select ret_code from pgq_node.set_consumer_paused($1, $2, $3)", cancellationToken, options.QueueName, worker, paused);
        // The worker acknowledges by setting uptodate once it saw the flag.
        var deadline = Stopwatch.StartNew();
        while (!await ScalarAsync<bool>(setup, "select uptodate from pgq_node.get_consumer_state($1, $2)", cancellationToken, options.QueueName, worker))
        {
            if (deadline.Elapsed > options.LockTimeout && paused)
            {
                throw new CompareException($"upstream worker {worker} did not acknowledge the pause within lock_timeout; is it running?");
            }
            await Task.Delay(PollEvery, cancellationToken);
        }
        return was;
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.AddWithValue(arg);
        }
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
