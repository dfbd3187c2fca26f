using Microsoft.Extensions.Logging;
using Npgsql;

namespace PgQ.Tests.Consumer;

/// <summary>What happens when a handler fails, retries single events, or the consumer is stopped mid-batch.</summary>
public sealed class ConsumerFailureTests(PgQClusterFixture fixture) : IClassFixture<PgQClusterFixture>
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_handler_exception_redelivers_the_same_batch_after_a_back_off_and_is_logged()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        var produced = await db.ProduceAsync(5);
        await db.TickAsync();
        var logger = new RecordingLogger();
        var consumer = db.Consumer("c1", logger: logger);
        var attempts = new List<(long BatchId, List<long> Ids)>();
        using var stop = new CancellationTokenSource();

        var run = consumer.RunAsync(async (batch, ct) =>
        {
            var ids = new List<long>();
            await foreach (var ev in batch.Events.WithCancellation(ct))
            {
                ids.Add(ev.Id);
            }
            attempts.Add((batch.BatchId, ids));
            if (attempts.Count < 3)
            {
                throw new InvalidOperationException("target not reachable");
            }
            await stop.CancelAsync();
        }, stop.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(HangGuard));

        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(attempts[0].BatchId, a.BatchId));
        Assert.All(attempts, a => Assert.Equal(produced, a.Ids));
        var failures = logger.Entries.Where(e => e.EventId.Id == 1004).ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Equal(LogLevel.Error, f.Level));
        Assert.Contains($"batch {attempts[0].BatchId}", failures[0].Message);
        // The third attempt succeeded but the loop was stopping: the batch stays unfinished (see the cancellation tests).
        Assert.Equal(attempts[0].BatchId, (await db.ConsumerInfoAsync("c1")).CurrentBatch);
    }

    [Fact]
    public async Task A_failed_shared_handler_leaves_neither_its_writes_nor_a_finished_batch()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        await db.ExecuteAsync("create table applied (ev_id bigint primary key)");
        await db.ProduceAsync(3);
        await db.TickAsync();
        var consumer = db.Consumer("c1", o => o with { TransactionMode = BatchTransactionMode.Shared });
        var fail = true;
        async Task Handler(PgQBatch batch, CancellationToken ct)
        {
            await foreach (var ev in batch.Events.WithCancellation(ct))
            {
                await using var insert = new NpgsqlCommand("insert into applied values ($1)", batch.Connection);
                insert.Parameters.AddWithValue(ev.Id);
                await insert.ExecuteNonQueryAsync(ct);
            }
            if (fail)
            {
                throw new InvalidOperationException("fails after writing");
            }
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => consumer.ProcessNextBatchAsync(Handler, CancellationToken.None));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from applied"));
        Assert.NotNull((await db.ConsumerInfoAsync("c1")).CurrentBatch);

        fail = false;
        Assert.True(await consumer.ProcessNextBatchAsync(Handler, CancellationToken.None));
        Assert.Equal(3L, await db.ScalarAsync<long>("select count(*) from applied"));
        Assert.Null((await db.ConsumerInfoAsync("c1")).CurrentBatch);
    }

    [Fact]
    public async Task The_connection_of_a_separate_mode_batch_is_not_handed_to_the_handler()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        await db.TickAsync();
        var consumer = db.Consumer("c1");

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            consumer.ProcessNextBatchAsync((batch, _) => Task.FromResult(batch.Connection), CancellationToken.None));
    }

    [Fact]
    public async Task Events_marked_for_retry_come_back_later_only_to_the_consumer_that_marked_them()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "retrier", "other");
        var produced = await db.ProduceAsync(4);
        await db.TickAsync();
        var retrier = db.Consumer("retrier");
        var other = db.Consumer("other");

        var firstPass = await ConsumeOneBatchAsync(retrier, (batch, ev) =>
        {
            if (ev.Id == produced[1] || ev.Id == produced[3])
            {
                batch.Retry(ev, TimeSpan.Zero);
            }
        });
        var otherFirst = await ConsumeOneBatchAsync(other);
        Assert.Equal(produced, firstPass.Select(e => e.Id));
        Assert.Equal(produced, otherFirst.Select(e => e.Id));
        Assert.Equal(2L, await db.ScalarAsync<long>("select count(*) from pgq.retry_queue"));

        await db.RunRetryMaintenanceAsync();
        await db.TickAsync();

        var secondPass = await ConsumeOneBatchAsync(retrier);
        Assert.Equal([produced[1], produced[3]], secondPass.Select(e => e.Id));
        Assert.All(secondPass, e => Assert.Equal(1, e.RetryCount));
        Assert.Equal(["data 1", "data 3"], secondPass.Select(e => e.Data));
        Assert.Empty(await ConsumeOneBatchAsync(other));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from pgq.retry_queue"));
    }

    [Fact]
    public async Task Retry_marks_of_a_failed_batch_are_dropped_with_it()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        await db.ProduceAsync(2);
        await db.TickAsync();
        var consumer = db.Consumer("c1");

        await Assert.ThrowsAsync<InvalidOperationException>(() => consumer.ProcessNextBatchAsync(async (batch, ct) =>
        {
            await foreach (var ev in batch.Events.WithCancellation(ct))
            {
                batch.Retry(ev, TimeSpan.FromSeconds(5));
            }
            throw new InvalidOperationException("handler failed");
        }, CancellationToken.None));

        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from pgq.retry_queue"));
        Assert.Equal(2, (await ConsumeOneBatchAsync(consumer)).Count);
    }

    [Fact]
    public async Task Cancellation_stops_the_loop_without_finishing_the_in_flight_batch()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        var produced = await db.ProduceAsync(10);
        var tick = await db.TickAsync();
        var startTick = (await db.ConsumerInfoAsync("c1")).LastTick;
        var consumer = db.Consumer("c1", o => o with { FetchSize = 3 });
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        long batchId = 0;

        // The handler sees the cancellation and returns normally with half the batch unprocessed: that batch must
        // not be finished, or its other half would be lost.
        var run = consumer.RunAsync(async (batch, ct) =>
        {
            batchId = batch.BatchId;
            var read = 0;
            await using var events = batch.Events.GetAsyncEnumerator(ct);
            while (read < 5 && await events.MoveNextAsync())
            {
                read++;
            }
            halfway.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // stopping: return early without an exception
            }
        }, stop.Token);
        await halfway.Task.WaitAsync(HangGuard);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(HangGuard));

        var info = await db.ConsumerInfoAsync("c1");
        Assert.Equal(startTick, info.LastTick);
        Assert.Equal(batchId, info.CurrentBatch);
        Assert.Equal(tick, info.NextTick);

        var redelivered = new List<long>();
        long redeliveredId = 0;
        Assert.True(await db.Consumer("c1").ProcessNextBatchAsync(async (batch, ct) =>
        {
            redeliveredId = batch.BatchId;
            await foreach (var ev in batch.Events.WithCancellation(ct))
            {
                redelivered.Add(ev.Id);
            }
        }, CancellationToken.None));
        Assert.Equal(batchId, redeliveredId);
        Assert.Equal(produced, redelivered);
    }

    [Fact]
    public async Task Cancellation_while_idle_ends_the_loop_with_operation_canceled()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        var logger = new RecordingLogger();
        var consumer = db.Consumer("c1", o => o with { LoopDelay = TimeSpan.FromMinutes(10) }, logger);
        using var stop = new CancellationTokenSource();

        var run = consumer.RunAsync((_, _) => Task.CompletedTask, stop.Token);
        await Task.Delay(200);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(HangGuard));
        Assert.Contains(logger.Entries, e => e.EventId.Id == 1006);
    }

    [Fact]
    public async Task Wake_ends_the_idle_sleep_early()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture);
        var consumer = db.Consumer("late", o => o with { LoopDelay = TimeSpan.FromMinutes(10), RegisterOnStart = true });
        var delivered = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var run = consumer.RunAsync(async (batch, ct) =>
        {
            await foreach (var ev in batch.Events.WithCancellation(ct))
            {
                delivered.TrySetResult(ev.Id);
            }
        }, stop.Token);
        // Registration happens on start; only then are new events this consumer's.
        while ((await db.ScalarAsync<long>("select count(*) from pgq.get_consumer_info('q', 'late')")) == 0)
        {
            await Task.Delay(20);
        }

        var id = (await db.ProduceAsync(1)).Single();
        await db.TickAsync();
        consumer.Wake();

        Assert.Equal(id, await delivered.Task.WaitAsync(HangGuard));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    private static async Task<List<PgQEvent>> ConsumeOneBatchAsync(PgQConsumer consumer, Action<PgQBatch, PgQEvent>? onEvent = null)
    {
        var events = new List<PgQEvent>();
        Assert.True(await consumer.ProcessNextBatchAsync(async (batch, ct) =>
        {
            await foreach (var ev in batch.Events.WithCancellation(ct))
            {
                events.Add(ev);
                onEvent?.Invoke(batch, ev);
            }
        }, CancellationToken.None));
        return events;
    }
}
