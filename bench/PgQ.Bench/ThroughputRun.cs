using System.Diagnostics;
using Npgsql;

namespace PgQ.Bench;

/// <summary>
/// One measured run against one database: a fresh queue and consumer, N producers inserting events
/// in small transactions for a fixed time, a ticker calling pgq.ticker() every few milliseconds,
/// and one consumer streaming batches until it has received every committed event. The queue is
/// dropped afterwards so the next run starts from empty tables.
/// </summary>
internal sealed class ThroughputRun(string connectionString, string implementation, int producers, BenchOptions options)
{
    private const string Queue = "bench";
    private const string Consumer = "bench_consumer";

    public async Task<RunResult> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var control = new NpgsqlConnection(connectionString);
        await control.OpenAsync(cancellationToken);
        await ExecAsync(control, "select pgq.create_queue($1)", cancellationToken, Queue);
        // pgqd ticks a busy queue when ticker_max_count events piled up or the oldest one waited
        // ticker_max_lag; a lag of one tick interval makes every ticker call tick when there is work.
        await ExecAsync(control, "select pgq.set_queue_config($1, 'ticker_max_lag', $2)", cancellationToken,
            Queue, $"{options.TickMilliseconds} milliseconds");
        await ExecAsync(control, "select pgq.register_consumer($1, $2)", cancellationToken, Queue, Consumer);
        try
        {
            return await MeasureAsync(control, duration, cancellationToken);
        }
        finally
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                await ExecAsync(control, "select pgq.unregister_consumer($1, $2)", CancellationToken.None, Queue, Consumer);
                await ExecAsync(control, "select pgq.drop_queue($1)", CancellationToken.None, Queue);
            }
        }
    }

    private async Task<RunResult> MeasureAsync(NpgsqlConnection control, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ledger = new EventLedger(producers);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Stopwatch();
        var target = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);

        var producerTasks = Enumerable.Range(0, producers)
            .Select(p => Task.Run(() => ProduceAsync(p, start.Task, clock, duration, cancellationToken), cancellationToken))
            .ToList();
        var ticker = Task.Run(() => TickAsync(stop.Token), CancellationToken.None);
        await using var consumerConnection = new NpgsqlConnection(connectionString);
        await consumerConnection.OpenAsync(cancellationToken);
        var consumer = new BatchConsumer(consumerConnection, Queue, Consumer, ledger);
        var consuming = Task.Run(() => ConsumeUntilAsync(consumer, ledger, target.Task, clock, stop.Token), CancellationToken.None);

        try
        {
            clock.Start();
            start.SetResult();
            var committed = await Task.WhenAll(producerTasks);
            var produceSeconds = clock.Elapsed.TotalSeconds;
            var total = committed.Sum();
            target.SetResult(total);
            var (lag, pending) = await ConsumerLagAsync(control, cancellationToken);

            var drainLimit = TimeSpan.FromSeconds(Math.Max(60, 3 * duration.TotalSeconds));
            double endToEndSeconds;
            try
            {
                endToEndSeconds = await consuming.WaitAsync(drainLimit, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new BenchmarkFailedException(
                    $"{implementation}, {producers} producers: the consumer received {ledger.Total} of {total} events " +
                    $"and nothing more for {drainLimit.TotalSeconds:0} s after the producers stopped");
            }
            await stop.CancelAsync();
            await IgnoreCancellationAsync(ticker);

            // Nothing may follow: one more tick must hand out an empty batch.
            await ExecAsync(control, "select pgq.force_tick($1)", cancellationToken, Queue);
            await ExecAsync(control, "select pgq.ticker($1)", cancellationToken, Queue);
            var extra = await consumer.ConsumeAvailableAsync(cancellationToken);
            if (extra != 0)
            {
                throw new BenchmarkFailedException($"{implementation}, {producers} producers: {extra} events arrived after all {total} were consumed");
            }
            ledger.VerifyExactly(committed);
            return new RunResult(implementation, producers, total, consumer.Batches, produceSeconds, endToEndSeconds,
                lag, pending, PeakMemory.PeakMegabytes(), BenchEnvironment.ReadLoadAverage());
        }
        finally
        {
            await stop.CancelAsync();
            await IgnoreCancellationAsync(ticker);
            await IgnoreCancellationAsync(consuming);
        }
    }

    private async Task<long> ProduceAsync(int producer, Task start, Stopwatch clock, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(cancellationToken);
        // One round trip per transaction for the inserts, prepared once: the queue is measured, not the client.
        await using var batch = new NpgsqlBatch(db);
        var payloads = new NpgsqlParameter<string>[options.EventsPerTransaction];
        for (var i = 0; i < payloads.Length; i++)
        {
            var command = new NpgsqlBatchCommand("select pgq.insert_event($1, 'bench', $2)");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Queue });
            command.Parameters.Add(payloads[i] = new NpgsqlParameter<string> { TypedValue = "" });
            batch.BatchCommands.Add(command);
        }
        await batch.PrepareAsync(cancellationToken);
        await start.WaitAsync(cancellationToken);

        var sequence = 0;
        while (clock.Elapsed < duration)
        {
            for (var i = 0; i < payloads.Length; i++)
            {
                payloads[i].TypedValue = Payload.Create(producer, sequence + i);
            }
            await using var transaction = await db.BeginTransactionAsync(cancellationToken);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            sequence += payloads.Length;
        }
        return sequence;
    }

    private async Task TickAsync(CancellationToken stop)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(stop);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.TickMilliseconds));
        await using var tick = new NpgsqlCommand("select pgq.ticker()", db);
        do
        {
            await tick.ExecuteNonQueryAsync(stop);
        }
        while (await timer.WaitForNextTickAsync(stop));
    }

    /// <summary>Consumes until the ledger holds the number of events the producers committed; returns the elapsed seconds then.</summary>
    private static async Task<double> ConsumeUntilAsync(BatchConsumer consumer, EventLedger ledger, Task<long> target, Stopwatch clock, CancellationToken stop)
    {
        while (true)
        {
            var events = await consumer.ConsumeAvailableAsync(stop);
            if (target.IsCompleted && ledger.Total >= target.Result)
            {
                return clock.Elapsed.TotalSeconds;
            }
            if (events == 0)
            {
                // No batch ready: wait a fraction of a tick, as a consumer's loop_delay.
                await Task.Delay(10, stop);
            }
        }
    }

    private static async Task<(TimeSpan? Lag, long? Pending)> ConsumerLagAsync(NpgsqlConnection control, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select lag, pending_events from pgq.get_consumer_info($1, $2)", control);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Queue });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Consumer });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (null, null);
        }
        return (reader.IsDBNull(0) ? null : reader.GetFieldValue<TimeSpan>(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
    }

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params string[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = arg });
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
