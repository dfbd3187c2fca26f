using Npgsql;

namespace PgQ.Tests.Consumer;

/// <summary>What a consumer receives: every committed event once, in order, nothing rolled back, in bounded memory.</summary>
public sealed class ConsumerDeliveryTests(PgQClusterFixture fixture) : IClassFixture<PgQClusterFixture>
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Committed_events_are_consumed_once_each_in_event_id_order()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        var produced = new List<long>();
        for (var round = 0; round < 4; round++)
        {
            produced.AddRange(await db.ProduceAsync(5 + round));
            produced.AddRange(await db.ProduceAsync(3));
            await db.TickAsync();
        }
        var consumer = db.Consumer("c1");
        var seen = new List<long>();
        var batches = 0;
        while (await consumer.ProcessNextBatchAsync(async (batch, ct) =>
        {
            batches++;
            await foreach (var ev in batch.Events.WithCancellation(ct))
            {
                seen.Add(ev.Id);
            }
        }, CancellationToken.None))
        {
        }

        Assert.Equal(4, batches);
        Assert.Equal(produced, seen);
        Assert.False(await consumer.ProcessNextBatchAsync((_, _) => Task.CompletedTask, CancellationToken.None));
    }

    [Fact]
    public async Task Rolled_back_events_are_never_delivered()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        var committed = await db.ProduceAsync(3);
        await db.ProduceAsync(4, commit: false);
        committed.AddRange(await db.ProduceAsync(2));
        await db.TickAsync();

        var seen = await ConsumeAllAsync(db.Consumer("c1"));

        Assert.Equal(committed, seen.Select(e => e.Id));
    }

    [Fact]
    public async Task Event_fields_arrive_as_the_producer_wrote_them()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await db.Producer.InsertEventAsync(connection, "plain", "only data", CancellationToken.None);
            await db.Producer.InsertEventAsync(connection, new PgQEventPayload("full", "d", "e1", "e2", "e3", "e4"), CancellationToken.None);
            await db.Producer.InsertEventAsync(connection, new PgQEventPayload(null, null, Extra3: "only extra3"), CancellationToken.None);
        }
        await db.TickAsync();

        var events = await ConsumeAllAsync(db.Consumer("c1"));

        Assert.Collection(events,
            e => Assert.Equal(("plain", "only data", (string?)null, (string?)null, (string?)null, (string?)null), (e.Type, e.Data, e.Extra1, e.Extra2, e.Extra3, e.Extra4)),
            e => Assert.Equal(("full", "d", "e1", "e2", "e3", "e4"), (e.Type, e.Data, e.Extra1, e.Extra2, e.Extra3, e.Extra4)),
            e => Assert.Equal(((string?)null, (string?)null, (string?)null, (string?)null, "only extra3", (string?)null), (e.Type, e.Data, e.Extra1, e.Extra2, e.Extra3, e.Extra4)));
        Assert.All(events, e => Assert.Null(e.RetryCount));
        Assert.All(events, e => Assert.True(e.TxId > 0));
        Assert.All(events, e => Assert.True(e.Time > DateTimeOffset.UtcNow.AddHours(-1)));
    }

    [Fact]
    public async Task Empty_batches_are_handed_out_and_finished()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        await db.TickAsync();
        var lastTick = await db.TickAsync();
        var consumer = db.Consumer("c1");
        var eventCounts = new List<int>();

        while (await consumer.ProcessNextBatchAsync(async (batch, ct) => eventCounts.Add(await batch.Events.CountAsync(ct)), CancellationToken.None))
        {
        }

        Assert.Equal([0, 0], eventCounts);
        var info = await db.ConsumerInfoAsync("c1");
        Assert.Equal(lastTick, info.LastTick);
        Assert.Null(info.CurrentBatch);
    }

    [Fact]
    public async Task A_minimum_event_count_merges_several_ticks_into_one_batch()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        // Plain ticker runs (no force_tick, which inflates the event sequence the count is measured on).
        await db.ExecuteAsync("select pgq.set_queue_config('q', 'ticker_max_count', '1')");
        var produced = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            produced.AddRange(await db.ProduceAsync(2));
            Assert.NotNull(await db.ScalarAsync<long?>("select pgq.ticker('q')"));
        }
        var consumer = db.Consumer("c1", o => o with { MinCount = 5 });
        var batches = new List<List<long>>();

        while (await consumer.ProcessNextBatchAsync(async (batch, ct) => batches.Add(await batch.Events.Select(e => e.Id).ToListAsync(ct)), CancellationToken.None))
        {
        }

        Assert.Equal(produced, Assert.Single(batches));
    }

    [Fact]
    public async Task A_minimum_lag_holds_back_batches_younger_than_it()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        await db.ProduceAsync(2);
        await db.TickAsync();

        Assert.False(await db.Consumer("c1", o => o with { MinLag = TimeSpan.FromHours(1) })
            .ProcessNextBatchAsync((_, _) => Task.CompletedTask, CancellationToken.None));
        Assert.Equal(2, (await db.ConsumeAllAsync("c1")).Count);
    }

    [Fact]
    public async Task One_consumer_object_refuses_a_second_concurrent_loop()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        var consumer = db.Consumer("c1", o => o with { LoopDelay = TimeSpan.FromMinutes(10) });
        using var stop = new CancellationTokenSource();
        var run = consumer.RunAsync((_, _) => Task.CompletedTask, stop.Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => consumer.ProcessNextBatchAsync((_, _) => Task.CompletedTask, CancellationToken.None));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.False(await consumer.ProcessNextBatchAsync((_, _) => Task.CompletedTask, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_producers_with_rollbacks_and_long_transactions_are_applied_exactly_once()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "applier");
        await db.ExecuteAsync("create table applied (ev_id bigint primary key, batch_id bigint not null)");
        var committed = new System.Collections.Concurrent.ConcurrentBag<long>();
        using var stop = new CancellationTokenSource();

        // Four producers: small transactions, every third rolled back, and one long transaction spanning many ticks.
        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            for (var tx = 0; tx < 25; tx++)
            {
                var commit = (tx + p) % 3 != 0;
                var ids = await db.ProduceAsync(1 + (tx % 5), commit);
                if (commit)
                {
                    ids.ForEach(committed.Add);
                }
            }
        })).ToList();
        producers.Add(Task.Run(async () =>
        {
            await using var connection = await db.DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var ids = new List<long>();
            for (var i = 0; i < 10; i++)
            {
                ids.Add(await db.Producer.InsertEventAsync(connection, "long", $"{i}", CancellationToken.None));
                await Task.Delay(30);
            }
            await transaction.CommitAsync();
            ids.ForEach(committed.Add);
        }));
        var ticker = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await db.TickAsync();
                await Task.Delay(20);
            }
        });

        // Shared mode: the applied rows commit in the transaction that finishes the batch.
        var consumer = db.Consumer("applier", o => o with
        {
            FetchSize = 7,
            TransactionMode = BatchTransactionMode.Shared,
        });
        using var consumerStop = new CancellationTokenSource();
        var run = consumer.RunAsync(async (batch, ct) =>
        {
            var previous = long.MinValue;
            await foreach (var ev in batch.Events.WithCancellation(ct))
            {
                Assert.True(ev.Id > previous, "events of a batch come in ev_id order");
                previous = ev.Id;
                await using var insert = new NpgsqlCommand("insert into applied values ($1, $2)", batch.Connection);
                insert.Parameters.AddWithValue(ev.Id);
                insert.Parameters.AddWithValue(batch.BatchId);
                await insert.ExecuteNonQueryAsync(ct);
            }
        }, consumerStop.Token);

        await Task.WhenAll(producers);
        await stop.CancelAsync();
        await ticker;
        var finalTick = await db.TickAsync();
        await WaitUntilAsync(async () => (await db.ConsumerInfoAsync("applier")).LastTick == finalTick);
        await consumerStop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        var applied = await db.ScalarAsync<long[]>("select coalesce(array_agg(ev_id order by ev_id), '{}') from applied");
        Assert.Equal(committed.Order().ToArray(), applied);
    }

    [Fact]
    public async Task A_large_batch_streams_through_a_bounded_number_of_rows()
    {
        const int EventCount = 200_000;
        const int FetchSize = 500;
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        var inserted = await db.Producer.InsertEventsAsync(db.DataSource,
            Enumerable.Range(0, EventCount).Select(i => new PgQEventPayload("I:id", $"id={i}&payload=some+text", "public.t")), CancellationToken.None);
        Assert.Equal(EventCount, inserted);
        await db.TickAsync();

        var consumer = db.Consumer("c1", o => o with { FetchSize = FetchSize });
        PgQBatch? seenBatch = null;
        long count = 0;
        var previous = long.MinValue;
        var ordered = true;
        Assert.True(await consumer.ProcessNextBatchAsync(async (batch, ct) =>
        {
            seenBatch = batch;
            await foreach (var ev in batch.Events.WithCancellation(ct))
            {
                ordered &= ev.Id > previous;
                previous = ev.Id;
                count++;
            }
        }, CancellationToken.None));

        Assert.Equal(EventCount, count);
        Assert.True(ordered);
        Assert.NotNull(seenBatch);
        Assert.Equal(EventCount, seenBatch.EventsRead);
        Assert.Equal(FetchSize, seenBatch.MaxEventsHeld);
    }

    private static async Task<List<PgQEvent>> ConsumeAllAsync(PgQConsumer consumer)
    {
        var events = new List<PgQEvent>();
        while (await consumer.ProcessNextBatchAsync(async (batch, ct) =>
        {
            await foreach (var ev in batch.Events.WithCancellation(ct))
            {
                events.Add(ev);
            }
        }, CancellationToken.None))
        {
        }
        return events;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + HangGuard;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached (hang guard, not a speed check)");
            await Task.Delay(50);
        }
    }
}
