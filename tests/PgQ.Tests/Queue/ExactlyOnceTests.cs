using System.Collections.Concurrent;
using Npgsql;

namespace PgQ.Tests.Queue;

/// <summary>
/// The core invariant under concurrency: producers with short, long (spanning many ticks) and
/// rolled-back transactions, a ticker ticking as fast as it can, rotation running all the time,
/// and a consumer. Every committed event is consumed exactly once, no rolled-back event is seen,
/// a transaction's events arrive together and in insert order. Run twice: events queued by
/// pgq.insert_event, and by a captured table's per-table trigger function (made by
/// pgq.capture_trigger_function), which picks the current event table itself.
/// </summary>
public sealed class ExactlyOnceTests(PgQFixture fixture) : IClassFixture<PgQFixture>
{
    private sealed record Consumed(long BatchId, long EvId, string Data);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_committed_event_is_consumed_exactly_once_under_concurrent_producers_ticks_and_rotation(bool madeTrigger)
    {
        var database = await fixture.CreateDatabaseAsync("once");
        var connectionString = fixture.ConnectionString(database);
        await using (var setup = await fixture.OpenAsync(database))
        {
            await setup.ExecAsync("select pgq.create_queue('q')");
            await setup.ExecAsync("select pgq.set_queue_config('q', 'rotation_period', '300 milliseconds')");
            await setup.ExecAsync("select pgq.register_consumer('q', 'consumer')");
            if (madeTrigger)
            {
                await setup.ExecAsync("create table captured (payload text primary key)");
                var function = await setup.ScalarAsync<string>("select pgq.capture_trigger_function('captured', '{q}')");
                Assert.StartsWith("pgq._logutriga_", function);
                await setup.ExecAsync($"create trigger capture after insert on captured for each row execute function {function}('q')");
            }
        }
        // The trigger queues 'payload=<payload>' (payloads need no urlencoding).
        var insertSql = madeTrigger ? "insert into captured values ($1)" : "select pgq.insert_event('q', 'ev', $1)";
        string PayloadOf(string data) => madeTrigger ? data["payload=".Length..] : data;

        var committed = new ConcurrentBag<string>();
        var rolledBack = new ConcurrentBag<string>();
        using var producing = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        using var background = new CancellationTokenSource();

        var producers = Enumerable.Range(0, 6).Select(p => Task.Run(async () =>
        {
            var random = new Random(p);
            await using var db = new NpgsqlConnection(connectionString);
            await db.OpenAsync();
            for (var tx = 0; !producing.IsCancellationRequested; tx++)
            {
                // Producers 0 and 1 keep transactions open across many ticks and rotations.
                var longTransaction = p < 2;
                var events = random.Next(1, 6);
                var rollback = random.Next(5) == 0;
                var payloads = Enumerable.Range(0, events).Select(i => $"{p}-{tx}-{i}").ToList();
                await using var transaction = await db.BeginTransactionAsync();
                foreach (var payload in payloads)
                {
                    await db.ExecAsync(insertSql, payload);
                    if (longTransaction)
                    {
                        await Task.Delay(random.Next(20, 120));
                    }
                }
                if (rollback)
                {
                    await transaction.RollbackAsync();
                    payloads.ForEach(rolledBack.Add);
                }
                else
                {
                    await transaction.CommitAsync();
                    payloads.ForEach(committed.Add);
                }
            }
        })).ToList();

        var ticker = Task.Run(async () =>
        {
            await using var db = new NpgsqlConnection(connectionString);
            await db.OpenAsync();
            while (!background.IsCancellationRequested)
            {
                await db.TickNowAsync("q");
                await Task.Delay(15);
            }
        });
        var rotations = 0;
        var maintenance = Task.Run(async () =>
        {
            await using var db = new NpgsqlConnection(connectionString);
            await db.OpenAsync();
            while (!background.IsCancellationRequested)
            {
                var before = await db.ScalarAsync<int>("select queue_cur_table from pgq.queue");
                foreach (var op in await db.RowsAsync("select func_name, func_arg from pgq.maint_operations()"))
                {
                    // Each operation is its own transaction, as pgqd runs them.
                    await db.ExecAsync(op[1] is null ? $"select {op[0]}()" : $"select {op[0]}($1)", op[1] is null ? [] : [op[1]]);
                }
                if (await db.ScalarAsync<int>("select queue_cur_table from pgq.queue") != before)
                {
                    rotations++;
                }
                await Task.Delay(100);
            }
        });

        var consumed = new List<Consumed>();
        async Task ConsumeAvailableAsync(NpgsqlConnection db)
        {
            while (await db.ScalarAsync("select pgq.next_batch('q', 'consumer')") is long batch)
            {
                await using var transaction = await db.BeginTransactionAsync();
                foreach (var row in await db.RowsAsync("select ev_id, ev_data from pgq.get_batch_cursor($1, 'evs', 50)", batch))
                {
                    consumed.Add(new Consumed(batch, (long)row[0]!, PayloadOf((string)row[1]!)));
                }
                // Stream the rest of the batch through the cursor, as a real consumer does.
                while (true)
                {
                    var more = await db.RowsAsync("fetch 50 from evs");
                    if (more.Count == 0)
                    {
                        break;
                    }
                    consumed.AddRange(more.Select(r => new Consumed(batch, (long)r[0]!, PayloadOf((string)r[5]!))));
                }
                await db.ExecAsync("close evs");
                await db.ExecAsync("select pgq.finish_batch($1)", batch);
                await transaction.CommitAsync();
            }
        }

        await using (var consumer = new NpgsqlConnection(connectionString))
        {
            await consumer.OpenAsync();
            while (!producing.IsCancellationRequested)
            {
                await ConsumeAvailableAsync(consumer);
                await Task.Delay(30);
            }
            await Task.WhenAll(producers);
            // Let the ticker take a few more ticks after the last commit, then drain.
            var last = await consumer.ScalarAsync<long>("select max(tick_id) from pgq.tick");
            while (await consumer.ScalarAsync<long>("select max(tick_id) from pgq.tick") < last + 3)
            {
                await Task.Delay(20);
            }
            await ConsumeAvailableAsync(consumer);
            await background.CancelAsync();
            await Task.WhenAll(ticker, maintenance);
            await ConsumeAvailableAsync(consumer);
        }

        var consumedData = consumed.Select(c => c.Data).ToList();
        Assert.Empty(consumedData.GroupBy(d => d).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(committed.Except(consumedData));
        Assert.Empty(consumedData.Intersect(rolledBack));
        Assert.Equal(committed.Count, consumedData.Count);

        // A transaction's events come in one batch, in the order they were inserted.
        foreach (var transaction in consumed.GroupBy(c => string.Join('-', c.Data.Split('-')[..2])))
        {
            Assert.Single(transaction.Select(c => c.BatchId).Distinct());
            var order = transaction.OrderBy(c => c.EvId).Select(c => int.Parse(c.Data.Split('-')[2])).ToList();
            Assert.Equal(Enumerable.Range(0, order.Count), order);
        }
        Assert.True(committed.Count > 500, $"only {committed.Count} events were produced");
        Assert.NotEmpty(rolledBack);
        Assert.True(rotations >= 2, $"the event tables rotated only {rotations} times during the run");
    }
}
