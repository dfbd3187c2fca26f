using Npgsql;

namespace PgQ.Tests.Queue;

public sealed class QueueApiTests(PgQFixture fixture) : IClassFixture<PgQFixture>
{
    private async Task<NpgsqlConnection> NewDatabaseAsync() => await fixture.OpenAsync(await fixture.CreateDatabaseAsync("api"));

    [Fact]
    public async Task Create_queue_makes_event_tables_and_a_first_tick()
    {
        await using var db = await NewDatabaseAsync();
        Assert.Equal(1, await db.ScalarAsync<int>("select pgq.create_queue('q1')"));
        Assert.Equal(0, await db.ScalarAsync<int>("select pgq.create_queue('q1')"));
        var tables = await db.RowsAsync("select relname::text from pg_class where relname ~ '^event_[0-9]+(_[0-9]+)?$' order by 1");
        Assert.Equal(["event_1", "event_1_0", "event_1_1", "event_1_2"], tables.Select(r => (string)r[0]!));
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from pgq.tick"));
        Assert.Equal("pgq.event_1_0", await db.ScalarAsync<string>("select pgq.current_event_table('q1')"));
        Assert.Equal("3.5", await db.ScalarAsync<string>("select pgq.version()"));
    }

    [Fact]
    public async Task One_tick_batch_holds_exactly_the_events_committed_between_ticks()
    {
        await using var db = await NewDatabaseAsync();
        await db.ExecAsync("select pgq.create_queue('q')");
        await db.ExecAsync("select pgq.register_consumer('q', 'c')");
        await db.ExecAsync("select pgq.insert_event('q', 'a', 'one')");
        await db.ExecAsync("select pgq.insert_event('q', 'b', 'two', 'x1', 'x2', 'x3', 'x4')");
        Assert.Null(await db.ScalarAsync("select pgq.ticker('q')"));
        await db.ExecAsync("select pgq.force_tick('q')");
        Assert.NotNull(await db.ScalarAsync("select pgq.ticker('q')"));
        await db.ExecAsync("select pgq.insert_event('q', 'c', 'three')");

        var batch = await db.ScalarAsync<long>("select pgq.next_batch('q', 'c')");
        Assert.Equal(batch, await db.ScalarAsync<long>("select pgq.next_batch('q', 'c')"));
        var events = await db.RowsAsync("select ev_type, ev_data, ev_extra1, ev_extra4 from pgq.get_batch_events($1)", batch);
        Assert.Equal(["a", "b"], events.Select(e => (string)e[0]!));
        Assert.Equal("x4", events[1][3]);
        Assert.Equal(1, await db.ScalarAsync<int>("select pgq.finish_batch($1)", batch));
        Assert.Null(await db.ScalarAsync("select pgq.next_batch('q', 'c')"));

        await db.ExecAsync("select pgq.force_tick('q')");
        await db.ExecAsync("select pgq.ticker('q')");
        batch = await db.ScalarAsync<long>("select pgq.next_batch('q', 'c')");
        events = await db.RowsAsync("select ev_type from pgq.get_batch_cursor($1, 'cur', 10)", batch);
        Assert.Equal(["c"], events.Select(e => (string)e[0]!));
    }

    [Fact]
    public async Task Producer_dispatch_follows_queue_creation_drop_and_reinstall()
    {
        var database = await fixture.CreateDatabaseAsync("dispatch");
        await using var db = await fixture.OpenAsync(database);
        const string source = "select prosrc from pg_proc where proname = 'insert_event_raw'";
        await db.ExecAsync("select pgq.create_queue('a'), pgq.create_queue('b')");
        Assert.Contains("insert into pgq.event_2_2 ", await db.ScalarAsync<string>(source));

        await PgQ.Installation.SchemaInstaller.InstallPgQAsync(fixture.ConnectionString(database), CancellationToken.None);
        Assert.Contains("insert into pgq.event_2_2 ", await db.ScalarAsync<string>(source));

        await db.ExecAsync("select pgq.drop_queue('b')");
        Assert.DoesNotContain("pgq.event_2_", await db.ScalarAsync<string>(source));
        await db.ExecAsync("select pgq.register_consumer('a', 'c')");
        await db.ExecAsync("select pgq.insert_event('a', 't', 'still flows')");
        await db.TickNowAsync("a");
        Assert.Equal(["still flows"], (await db.DrainAsync("a", "c")).Select(e => e.Data));
    }

    [Fact]
    public async Task A_queue_with_inserts_disabled_accepts_events_only_from_replica_sessions()
    {
        await using var db = await NewDatabaseAsync();
        await db.ExecAsync("select pgq.create_queue('q')");
        await db.ExecAsync("select pgq.set_queue_config('q', 'disable_insert', 'true')");
        var error = await Assert.ThrowsAsync<PostgresException>(() => db.ExecAsync("select pgq.insert_event('q', 't', 'x')"));
        Assert.Equal("Insert into queue disallowed", error.MessageText);
        error = await Assert.ThrowsAsync<PostgresException>(() => db.ExecAsync("select pgq.current_event_table('q')"));
        Assert.Equal("Writing to queue disabled", error.MessageText);
        await db.ExecAsync("set session_replication_role = replica");
        Assert.True(await db.ScalarAsync<long>("select pgq.insert_event('q', 't', 'x')") > 0);
    }

    [Fact]
    public async Task Info_functions_report_position_lag_and_pending_events()
    {
        await using var db = await NewDatabaseAsync();
        await db.ExecAsync("select pgq.create_queue('q')");
        await db.ExecAsync("select pgq.register_consumer('q', 'c')");
        await db.ExecAsync("select pgq.insert_event('q', 't', 'x') from generate_series(1, 3)");
        var tick = await db.TickNowAsync("q");

        var consumer = (await db.RowsAsync(
            "select queue_name, consumer_name, last_tick, current_batch, next_tick, pending_events, lag >= '0', last_seen >= '0' from pgq.get_consumer_info('q', 'c')")).Single();
        Assert.Equal("q", consumer[0]);
        Assert.Equal("c", consumer[1]);
        Assert.Equal(tick - 1, consumer[2]);
        Assert.Null(consumer[3]);
        Assert.True((long)consumer[5]! >= 3);
        Assert.Equal([true, true], consumer[6..]);
        Assert.Single(await db.RowsAsync("select * from pgq.get_consumer_info()"));
        Assert.Single(await db.RowsAsync("select * from pgq.get_consumer_info('q')"));

        var batch = await db.ScalarAsync<long>("select pgq.next_batch('q', 'c')");
        var info = (await db.RowsAsync("select queue_name, consumer_name, prev_tick_id, tick_id from pgq.get_batch_info($1)", batch)).Single();
        Assert.Equal(["q", "c", tick - 1, tick], info);
        var batchInfo = (await db.RowsAsync("select batch_id, prev_tick_id, cur_tick_id from pgq.next_batch_info('q', 'c')")).Single();
        Assert.Equal([batch, tick - 1, tick], batchInfo);
        Assert.Equal(batch, (await db.RowsAsync("select current_batch from pgq.get_consumer_info('q', 'c')")).Single()[0]);

        var queue = (await db.RowsAsync("select queue_name, queue_ntables, queue_cur_table, last_tick_id, ev_new from pgq.get_queue_info('q')")).Single();
        Assert.Equal(["q", 3, 0, tick, 0L], queue);
        Assert.Single(await db.RowsAsync("select * from pgq.get_queue_info()"));
    }
}
