using Npgsql;

namespace PgQ.Tests.Queue;

/// <summary>
/// Capture functions insert through the queue's view pgq.event_&lt;id&gt;_current (see
/// pgq._refresh_event_view): a rotation re-points it only after every transaction that inserted
/// through it has ended, so no event lands in a table its readers have stopped reading, and a
/// writer's cached plan follows the rotation. Checked here with open transactions across rotations
/// and a consumer that must read every event exactly once.
/// </summary>
public sealed class EventViewTests(PgQFixture fixture) : IClassFixture<PgQFixture>
{
    private static async Task<int> CurrentTableAsync(NpgsqlConnection db) =>
        await db.ScalarAsync<int>("select queue_cur_table from pgq.queue where queue_name = 'q'");

    private async Task<(string Database, NpgsqlConnection Db)> CapturedTableAsync()
    {
        var name = await fixture.CreateDatabaseAsync("view");
        var db = await fixture.OpenAsync(name);
        await db.ExecAsync("""
            select pgq.create_queue('q');
            select pgq.set_queue_config('q', 'rotation_period', '50 milliseconds');
            select pgq.register_consumer('q', 'c');
            create table t (id int primary key, v text);
            """);
        var function = await db.ScalarAsync<string>("select pgq.capture_trigger_function('t', '{q}')");
        Assert.StartsWith("pgq._logutriga_", function);
        await db.ExecAsync($"create trigger capture after insert or update or delete on t for each row execute procedure {function}('q')");
        return (name, db);
    }

    [Fact]
    public async Task A_rotation_waits_for_transactions_that_captured_rows_and_the_consumer_reads_every_event_once()
    {
        var (name, db) = await CapturedTableAsync();
        await using var _ = db;
        await using var open = await fixture.OpenAsync(name);
        var expected = new List<string>();

        await db.ExecAsync("insert into t select i, 'before' from generate_series(1, 10) i");
        expected.AddRange(Enumerable.Range(1, 10).Select(i => $"id={i}&v=before"));
        // (the consumer moves past the queue's creation, which would hold rotation back by itself)
        await db.TickNowAsync("q");
        var read = (await db.DrainAsync("q", "c")).Select(e => e.Data).ToList();

        // A transaction that captured a row holds the view. A rotation that is due gives up after
        // 50 ms and leaves the queue as it was; changing what the view routes to reports it clearly.
        await db.ExecAsync("select pgq.set_queue_config('q', 'rotation_period', '10 minutes')");
        await open.ExecAsync("begin; insert into t values (100, 'open')");
        await db.TickNowAsync("q");
        await db.ExecAsync("update pgq.queue set queue_switch_time = now() - interval '11 minutes'");
        await db.MaintainAsync();
        Assert.Equal(0, await CurrentTableAsync(db));
        var busy = await Assert.ThrowsAsync<PostgresException>(() => db.ExecAsync("select pgq.set_queue_config('q', 'disable_insert', 'true')"));
        Assert.Equal("55P03", busy.SqlState);
        Assert.StartsWith("could not change parameter \"disable_insert\" of queue \"q\": transactions that inserted events into it did not end within a second",
            busy.MessageText, StringComparison.Ordinal);
        Assert.False(await db.ScalarAsync<bool>("select queue_disable_insert from pgq.queue"));

        // A rotation late by a whole period waits up to a second: the writer commits meanwhile, and
        // the rotation goes through.
        await db.ExecAsync("update pgq.queue set queue_switch_time = now() - interval '30 minutes'");
        var maintenance = db.MaintainAsync();
        await Task.Delay(300);
        await open.ExecAsync("insert into t values (101, 'open'); commit");
        expected.AddRange(["id=100&v=open", "id=101&v=open"]);
        await maintenance;
        Assert.Equal(1, await CurrentTableAsync(db));

        // The writer that used the view before (its INSERT plan is cached) follows it.
        await open.ExecAsync("insert into t values (102, 'after')");
        expected.Add("id=102&v=after");
        Assert.Equal(1, await db.ScalarAsync<int>("select count(*)::int from pgq.event_1_1"));

        read.AddRange((await db.DrainAsync("q", "c")).Select(e => e.Data));
        await db.TickNowAsync("q");
        read.AddRange((await db.DrainAsync("q", "c")).Select(e => e.Data));
        Assert.Equal(expected, read);
    }

    [Fact]
    public async Task A_repeatable_read_writer_whose_snapshot_predates_two_rotations_still_reaches_the_consumer()
    {
        var (name, db) = await CapturedTableAsync();
        await using var _ = db;
        await using var writer = await fixture.OpenAsync(name);
        await db.ExecAsync("insert into t values (1, 'first')");
        await db.TickNowAsync("q");
        var read = (await db.DrainAsync("q", "c")).Select(e => e.Data).ToList();

        // The writer's snapshot shows the queue before both rotations below. Reading
        // queue_cur_table under it would put its event into table 0, which after two rotations is
        // neither the current nor the previous table, the two that readers look at: the event would
        // be lost. Through the view it goes into the current table.
        await writer.ExecAsync("begin isolation level repeatable read; select count(*) from t");
        for (var rotation = 1; rotation <= 2; rotation++)
        {
            await Task.Delay(80);
            await db.MaintainAsync();
            Assert.Equal(rotation, await CurrentTableAsync(db));
            await db.ExecAsync("insert into t values ($1, 'between')", 1 + rotation);
            await db.TickNowAsync("q");
            read.AddRange((await db.DrainAsync("q", "c")).Select(e => e.Data));
        }
        await writer.ExecAsync("insert into t values (4, 'old snapshot'); commit");

        Assert.Equal(1, await db.ScalarAsync<int>("select count(*)::int from pgq.event_1_2 where ev_data = 'id=4&v=old+snapshot'"));
        await db.TickNowAsync("q");
        read.AddRange((await db.DrainAsync("q", "c")).Select(e => e.Data));
        Assert.Equal(["id=1&v=first", "id=2&v=between", "id=3&v=between", "id=4&v=old+snapshot"], read);
    }

    [Fact]
    public async Task Queue_settings_that_route_through_insert_event_raw_apply_to_made_functions_at_once()
    {
        var (_, db) = await CapturedTableAsync();
        await using var _db = db;
        await db.ExecAsync("select pgq.set_queue_config('q', 'per_tx_limit', '1')");
        var limited = await Assert.ThrowsAsync<PostgresException>(() => db.ExecAsync("insert into t values (1, 'a'), (2, 'b')"));
        Assert.Equal("Queue 'q' allows max 1 events from one TX", limited.MessageText);
        await db.ExecAsync("insert into t values (3, 'c')");

        await db.ExecAsync("select pgq.set_queue_config('q', 'per_tx_limit', null)");
        await db.ExecAsync("insert into t values (4, 'd'), (5, 'e')");
        Assert.Equal(0, await db.ScalarAsync<int>("""
            select count(*)::int from pg_trigger where tgrelid = 'pgq.event_1_current'::regclass and not tgisinternal
            """));

        // However the queue row changes (pgq_node makes a branch's queue refuse inserts by an UPDATE),
        // the view follows in that transaction.
        await db.ExecAsync("update pgq.queue set queue_disable_insert = true where queue_name = 'q'");
        var refused = await Assert.ThrowsAsync<PostgresException>(() => db.ExecAsync("insert into t values (6, 'f')"));
        Assert.Equal("Insert into queue disallowed", refused.MessageText);
        await db.ExecAsync("begin; update pgq.queue set queue_disable_insert = false where queue_name = 'q'; rollback");
        await Assert.ThrowsAsync<PostgresException>(() => db.ExecAsync("insert into t values (7, 'g')"));
        await db.ExecAsync("update pgq.queue set queue_disable_insert = false where queue_name = 'q'");
        await db.ExecAsync("insert into t values (8, 'h')");

        await db.TickNowAsync("q");
        Assert.Equal(["id=3&v=c", "id=4&v=d", "id=5&v=e", "id=8&v=h"], (await db.DrainAsync("q", "c")).Select(e => e.Data));
    }
}
