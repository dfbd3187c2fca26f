using Npgsql;

namespace PgQ.Tests.Queue;

public sealed class ConsumerLifecycleTests(PgQFixture fixture) : IClassFixture<PgQFixture>
{
    private async Task<NpgsqlConnection> QueueDatabaseAsync()
    {
        var db = await fixture.OpenAsync(await fixture.CreateDatabaseAsync("life"));
        await db.ExecAsync("select pgq.create_queue('q')");
        return db;
    }

    [Fact]
    public async Task Retried_event_comes_back_later_to_its_consumer_only()
    {
        await using var db = await QueueDatabaseAsync();
        await db.ExecAsync("select pgq.register_consumer('q', 'a')");
        await db.ExecAsync("select pgq.register_consumer('q', 'b')");
        var id = await db.ScalarAsync<long>("select pgq.insert_event('q', 't', 'payload')");
        await db.TickNowAsync("q");

        var batch = await db.ScalarAsync<long>("select pgq.next_batch('q', 'a')");
        Assert.Equal(1, await db.ScalarAsync<int>("select pgq.event_retry($1, $2, 0)", batch, id));
        Assert.Equal(0, await db.ScalarAsync<int>("select pgq.event_retry($1, $2, 0)", batch, id));
        await db.ExecAsync("select pgq.finish_batch($1)", batch);
        Assert.Single(await db.DrainAsync("q", "b"));

        Assert.Equal(1, await db.ScalarAsync<int>("select pgq.maint_retry_events()"));
        Assert.Equal(0, await db.ScalarAsync<int>("select pgq.maint_retry_events()"));
        await db.TickNowAsync("q");
        batch = await db.ScalarAsync<long>("select pgq.next_batch('q', 'a')");
        var again = await db.RowsAsync("select ev_id, ev_retry, ev_data from pgq.get_batch_events($1)", batch);
        Assert.Equal([id, 1, "payload"], again.Single());
        await db.ExecAsync("select pgq.finish_batch($1)", batch);
        Assert.Empty(await db.DrainAsync("q", "b"));
    }

    [Fact]
    public async Task Batch_retry_and_event_retry_raw_queue_events_for_later()
    {
        await using var db = await QueueDatabaseAsync();
        await db.ExecAsync("select pgq.register_consumer('q', 'a')");
        await db.ExecAsync("select pgq.insert_event('q', 't', 'x' || i) from generate_series(1, 5) i");
        await db.TickNowAsync("q");
        var batch = await db.ScalarAsync<long>("select pgq.next_batch('q', 'a')");
        Assert.Equal(5, await db.ScalarAsync<int>("select pgq.batch_retry($1, 3600)", batch));
        await db.ExecAsync("select pgq.finish_batch($1)", batch);
        await db.ExecAsync("select pgq.event_retry_raw('q', 'a', now(), null, now(), 0, 't', 'raw', null, null, null, null)");
        Assert.Equal(1, await db.ScalarAsync<int>("select pgq.maint_retry_events()"));
        await db.TickNowAsync("q");
        Assert.Equal(["raw"], (await db.DrainAsync("q", "a")).Select(e => e.Data));
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            db.ExecAsync("select pgq.event_retry_raw('q', 'nobody', now(), null, now(), 0, 't', 'raw', null, null, null, null)"));
        Assert.Equal("consumer not registered", error.MessageText);
    }

    [Fact]
    public async Task Register_at_an_older_tick_replays_and_drops_the_active_batch()
    {
        await using var db = await QueueDatabaseAsync();
        await db.ExecAsync("select pgq.register_consumer('q', 'a')");
        var start = await db.ScalarAsync<long>("select max(tick_id) from pgq.tick");
        await db.ExecAsync("select pgq.insert_event('q', 't', 'one')");
        await db.TickNowAsync("q");
        Assert.Single(await db.DrainAsync("q", "a"));
        await db.ExecAsync("select pgq.insert_event('q', 't', 'two')");
        await db.TickNowAsync("q");
        var active = await db.ScalarAsync<long>("select pgq.next_batch('q', 'a')");

        Assert.Equal(0, await db.ScalarAsync<int>("select pgq.register_consumer_at('q', 'a', $1)", start));
        Assert.Equal(0, await db.ScalarAsync<int>("select pgq.finish_batch($1)", active));
        Assert.Equal(["one", "two"], (await db.DrainAsync("q", "a")).Select(e => e.Data));

        // A new consumer registered at a tick sees only what follows it.
        Assert.Equal(1, await db.ScalarAsync<int>("select pgq.register_consumer_at('q', 'late', $1 + 1)", start));
        Assert.Equal(["two"], (await db.DrainAsync("q", "late")).Select(e => e.Data));
        var error = await Assert.ThrowsAsync<PostgresException>(() => db.ExecAsync("select pgq.register_consumer_at('q', 'x', 999999)"));
        Assert.Equal("cannot reposition, tick not found: 999999", error.MessageText);
    }

    [Fact]
    public async Task A_consumer_registered_in_the_middle_sees_only_later_commits()
    {
        await using var db = await QueueDatabaseAsync();
        await using var producer = await fixture.OpenAsync(db.Database);
        await using var open = await producer.BeginTransactionAsync();
        await producer.ExecAsync("select pgq.insert_event('q', 't', 'open-before')");
        await db.TickNowAsync("q");
        await db.ExecAsync("select pgq.register_consumer('q', 'mid')");
        await db.ExecAsync("select pgq.insert_event('q', 't', 'after')");
        await open.CommitAsync();
        await db.TickNowAsync("q");
        // The open transaction committed after the registration tick: the consumer gets it too.
        Assert.Equal(["after", "open-before"], (await db.DrainAsync("q", "mid")).Select(e => e.Data).Order());
    }

    [Fact]
    public async Task Unregister_in_the_middle_of_a_batch_removes_the_batch_and_retry_events()
    {
        await using var db = await QueueDatabaseAsync();
        await db.ExecAsync("select pgq.register_consumer('q', 'a')");
        var id = await db.ScalarAsync<long>("select pgq.insert_event('q', 't', 'x')");
        await db.TickNowAsync("q");
        var batch = await db.ScalarAsync<long>("select pgq.next_batch('q', 'a')");
        await db.ExecAsync("select pgq.event_retry($1, $2, 60)", batch, id);
        Assert.Equal(1, await db.ScalarAsync<int>("select pgq.unregister_consumer('q', 'a')"));
        Assert.Equal(0, await db.ScalarAsync<int>("select pgq.finish_batch($1)", batch));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from pgq.retry_queue"));
        Assert.Equal(0, await db.ScalarAsync<int>("select pgq.unregister_consumer('q', 'a')"));
        var error = await Assert.ThrowsAsync<PostgresException>(() => db.ExecAsync("select pgq.next_batch('q', 'a')"));
        Assert.Equal("Not subscriber to queue: q/a", error.MessageText);
    }

    [Fact]
    public async Task Drop_queue_refuses_while_consumers_are_attached_unless_forced()
    {
        await using var db = await QueueDatabaseAsync();
        await db.ExecAsync("select pgq.register_consumer('q', 'a')");
        await db.ExecAsync("select pgq.insert_event('q', 't', 'x')");
        var error = await Assert.ThrowsAsync<PostgresException>(() => db.ExecAsync("select pgq.drop_queue('q')"));
        Assert.Equal("cannot drop queue, consumers still attached", error.MessageText);
        Assert.Equal(1, await db.ScalarAsync<int>("select pgq.drop_queue('q', true)"));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from pg_class where relname like 'event\\_1%'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from pgq.subscription"));
        await db.ExecAsync("select pgq.create_queue('empty')");
        Assert.Equal(1, await db.ScalarAsync<int>("select pgq.drop_queue('empty')"));
        error = await Assert.ThrowsAsync<PostgresException>(() => db.ExecAsync("select pgq.drop_queue('empty')"));
        Assert.Equal("No such event queue", error.MessageText);
    }

    [Theory]
    [InlineData("rotation_period", "0", "invalid value \"0\" for parameter \"rotation_period\" of queue \"q\": give a positive interval such as '1 minute'")]
    [InlineData("ticker_max_count", "-5", "invalid value \"-5\" for parameter \"ticker_max_count\" of queue \"q\": give a positive integer")]
    [InlineData("ticker_max_lag", "soon", "invalid value \"soon\" for parameter \"ticker_max_lag\" of queue \"q\": give a non-negative interval such as '3 seconds'")]
    [InlineData("ticker_paused", "maybe", "invalid value \"maybe\" for parameter \"ticker_paused\" of queue \"q\": give true or false")]
    [InlineData("ntables", "5", "cannot change parameter \"ntables\" of queue \"q\": settable are ticker_max_count, ticker_max_lag, ticker_idle_period, ticker_paused, rotation_period, external_ticker, disable_insert, per_tx_limit")]
    public async Task Queue_config_rejects_bad_names_and_values_with_a_clear_error(string parameter, string value, string message)
    {
        await using var db = await QueueDatabaseAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            db.ExecAsync("select pgq.set_queue_config('q', $1, $2)", parameter, value));
        Assert.Equal(message, error.MessageText);
    }

    [Fact]
    public async Task Queue_config_accepts_names_with_or_without_prefix_and_the_queue_info_shows_them()
    {
        await using var db = await QueueDatabaseAsync();
        await db.ExecAsync("select pgq.set_queue_config('q', 'ticker_max_count', '7')");
        await db.ExecAsync("select pgq.set_queue_config('q', 'queue_ticker_max_lag', '2 seconds')");
        await db.ExecAsync("select pgq.set_queue_config('q', 'per_tx_limit', '2')");
        var info = await db.RowsAsync("select queue_ticker_max_count, queue_ticker_max_lag, last_tick_id from pgq.get_queue_info('q')");
        Assert.Equal(7, info.Single()[0]);
        Assert.Equal(TimeSpan.FromSeconds(2), info.Single()[1]);
        await using var tx = await db.BeginTransactionAsync();
        await db.ExecAsync("select pgq.insert_event('q', 't', 'x')");
        await db.ExecAsync("select pgq.insert_event('q', 't', 'y')");
        var error = await Assert.ThrowsAsync<PostgresException>(() => db.ExecAsync("select pgq.insert_event('q', 't', 'z')"));
        Assert.Equal("Queue 'q' allows max 2 events from one TX", error.MessageText);
    }

    [Fact]
    public async Task Paused_and_external_ticker_queues_are_skipped_by_the_ticker()
    {
        await using var db = await QueueDatabaseAsync();
        await db.ExecAsync("select pgq.create_queue('ext')");
        await db.ExecAsync("select pgq.set_queue_config('ext', 'external_ticker', 'true')");
        await db.ExecAsync("select pgq.set_queue_config('q', 'ticker_paused', 'true')");
        await db.ExecAsync("select pgq.force_tick('q'), pgq.force_tick('ext')");
        Assert.Equal(0L, await db.ScalarAsync<long>("select pgq.ticker()"));
        var last = await db.ScalarAsync<long>("select max(tick_id) from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue where queue_name = 'ext'");
        Assert.Equal(last + 10, await db.ScalarAsync<long>("select pgq.ticker('ext', $1, now(), 1000)", last + 10));
        var error = await Assert.ThrowsAsync<PostgresException>(() => db.ExecAsync("select pgq.ticker('ext', $1, now(), 1000)", last + 5));
        Assert.StartsWith("tick " + (last + 5) + " for queue \"ext\" is not newer", error.MessageText);
        Assert.Equal(1000L, await db.ScalarAsync<long>("select pgq.seq_getval(queue_event_seq) from pgq.queue where queue_name = 'ext'"));
    }
}
