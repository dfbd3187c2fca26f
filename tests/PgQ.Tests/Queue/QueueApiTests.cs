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
}
