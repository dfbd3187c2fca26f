namespace PgQ.Tests.Consumer;

/// <summary>The producer's transactional and bulk paths, and the queue administration helpers.</summary>
public sealed class ProducerAndAdminTests(PgQClusterFixture fixture) : IClassFixture<PgQClusterFixture>
{
    [Fact]
    public async Task An_event_inserted_in_the_callers_transaction_exists_only_if_that_transaction_commits()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        await db.ExecuteAsync("create table orders (id int primary key)");
        long kept;
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await using (var rolledBack = await connection.BeginTransactionAsync())
            {
                await db.ExecuteOnAsync(connection, "insert into orders values (1)");
                await db.Producer.InsertEventAsync(connection, "order", "1", CancellationToken.None);
                await rolledBack.RollbackAsync();
            }
            await using var committed = await connection.BeginTransactionAsync();
            await db.ExecuteOnAsync(connection, "insert into orders values (2)");
            kept = await db.Producer.InsertEventAsync(connection, "order", "2", CancellationToken.None);
            await committed.CommitAsync();
        }
        await db.TickAsync();

        var events = await db.ConsumeAllAsync("c1");

        Assert.Equal([kept], events.Select(e => e.Id));
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from orders"));
    }

    [Fact]
    public async Task Bulk_insert_commits_and_rolls_back_with_the_callers_transaction()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        var payloads = Enumerable.Range(0, 50).Select(i => new PgQEventPayload("bulk", $"{i}", i % 2 == 0 ? "even" : null, null, null, "x")).ToList();
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                Assert.Equal(50, await db.Producer.InsertEventsAsync(transaction, payloads, CancellationToken.None));
                await transaction.RollbackAsync();
            }
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                Assert.Equal(50, await db.Producer.InsertEventsAsync(transaction, payloads, CancellationToken.None));
                await transaction.CommitAsync();
            }
        }
        await db.TickAsync();

        var events = await db.ConsumeAllAsync("c1");

        Assert.Equal(payloads, events.Select(e => new PgQEventPayload(e.Type, e.Data, e.Extra1, e.Extra2, e.Extra3, e.Extra4)));
        Assert.Single(events.Select(e => e.TxId).Distinct());
        Assert.Single(events.Select(e => e.Time).Distinct());
    }

    [Fact]
    public async Task Bulk_insert_goes_through_insert_event_when_the_queue_limits_events_per_transaction()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture, "c1");
        await db.ExecuteAsync("update pgq.queue set queue_per_tx_limit = 10 where queue_name = 'q'");
        var payloads = Enumerable.Range(0, 11).Select(i => new PgQEventPayload("bulk", $"{i}")).ToList();

        // COPY would silently exceed the limit; insert_event enforces it.
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Producer.InsertEventsAsync(db.DataSource, payloads, CancellationToken.None));
        Assert.Equal(10, await db.Producer.InsertEventsAsync(db.DataSource, payloads.Take(10), CancellationToken.None));
        await db.TickAsync();

        Assert.Equal(payloads.Take(10).Select(p => p.Data), (await db.ConsumeAllAsync("c1")).Select(e => e.Data));
    }

    [Fact]
    public async Task Queue_and_consumer_administration_maps_to_records()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var ct = CancellationToken.None;

        Assert.True(await PgQAdmin.CreateQueueAsync(connection, "admin_q", ct));
        Assert.False(await PgQAdmin.CreateQueueAsync(connection, "admin_q", ct));
        await PgQAdmin.SetQueueConfigAsync(connection, "admin_q", "ticker_max_count", "42", ct);
        await PgQAdmin.SetQueueConfigAsync(connection, "admin_q", "ticker_max_lag", "7 seconds", ct);
        Assert.True(await PgQAdmin.RegisterConsumerAsync(connection, "admin_q", "reader", ct));
        Assert.False(await PgQAdmin.RegisterConsumerAsync(connection, "admin_q", "reader", ct));

        var queue = await PgQAdmin.GetQueueInfoAsync(connection, "admin_q", ct);
        Assert.NotNull(queue);
        Assert.Equal(("admin_q", 42, TimeSpan.FromSeconds(7)), (queue.QueueName, queue.TickerMaxCount, queue.TickerMaxLag));
        Assert.Equal(3, queue.TableCount);
        Assert.False(queue.TickerPaused);
        Assert.NotNull(queue.LastTickId);
        Assert.Contains(await PgQAdmin.GetQueueInfoAsync(connection, ct), q => q.QueueName == "admin_q");
        Assert.Null(await PgQAdmin.GetQueueInfoAsync(connection, "no_such_queue", ct));

        var consumer = Assert.Single(await PgQAdmin.GetConsumerInfoAsync(connection, "admin_q", null, ct));
        Assert.Equal(("admin_q", "reader", queue.LastTickId), (consumer.QueueName, consumer.ConsumerName, consumer.LastTick));
        Assert.Null(consumer.CurrentBatch);

        var before = await PgQAdmin.ForceTickAsync(connection, "admin_q", ct);
        var tick = await PgQAdmin.TickAsync(connection, "admin_q", ct);
        Assert.NotNull(tick);
        Assert.True(tick > before);
        Assert.True(await PgQAdmin.RegisterConsumerAtAsync(connection, "admin_q", "second", before, ct));
        Assert.Equal(before, (await PgQAdmin.GetConsumerInfoAsync(connection, "admin_q", "second", ct)).Single().LastTick);

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => PgQAdmin.DropQueueAsync(connection, "admin_q", false, ct));
        Assert.True(await PgQAdmin.UnregisterConsumerAsync(connection, "admin_q", "reader", ct));
        Assert.False(await PgQAdmin.UnregisterConsumerAsync(connection, "admin_q", "reader", ct));
        await PgQAdmin.DropQueueAsync(connection, "admin_q", true, ct);
        Assert.Null(await PgQAdmin.GetQueueInfoAsync(connection, "admin_q", ct));
    }

    [Fact]
    public async Task A_consumer_registered_on_start_receives_events_committed_after_registration()
    {
        await using var db = await QueueDatabase.CreateAsync(fixture);
        await db.ProduceAsync(3);
        await db.TickAsync();
        var consumer = db.Consumer("newcomer");
        Assert.True(await consumer.RegisterAsync(CancellationToken.None));
        var after = await db.ProduceAsync(2);
        await db.TickAsync();

        Assert.Equal(after, (await db.ConsumeAllAsync("newcomer")).Select(e => e.Id));
        Assert.True(await consumer.UnregisterAsync(CancellationToken.None));
    }
}
