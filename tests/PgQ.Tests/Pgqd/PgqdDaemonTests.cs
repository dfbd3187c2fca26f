using Npgsql;
using Pgqd;
using PgQ.Tests.Queue;

namespace PgQ.Tests.Pgqd;

/// <summary>pgqd run in process against real databases on two clusters, with our pgq and with the original one.</summary>
public sealed class PgqdDaemonTests(TwoClusters clusters) : IClassFixture<TwoClusters>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private const string FastIni = "[pgqd]\nticker_period = 0.2\nmaint_period = 0.3\nretry_period = 0.3\ncheck_period = 1\nstats_period = 1\n";

    private static DatabaseTarget Target(PgQFixture cluster, string database) => new(database, cluster.ConnectionString(database));

    [Theory]
    [InlineData(PgqFlavor.Ours)]
    [InlineData(PgqFlavor.Original)]
    public async Task Ticks_every_database_in_the_list(PgqFlavor flavor)
    {
        var onA = await TwoClusters.CreateQueueDatabaseAsync(clusters.A, "alpha", flavor);
        var onB = await TwoClusters.CreateQueueDatabaseAsync(clusters.B, "beta", flavor);
        await using var pgqd = InProcessPgqd.Start(FastIni, new FixedDatabaseLocator([Target(clusters.A, onA), Target(clusters.B, onB)]));

        await QueueProbe.WaitForTickAfterEventAsync(clusters.A, onA, Timeout);
        await QueueProbe.WaitForTickAfterEventAsync(clusters.B, onB, Timeout);

        await Eventually.TrueAsync(() => pgqd.Log.Text.Contains("{ticks: ", StringComparison.Ordinal), Timeout, "a stats line");
        Assert.Contains($"INFO [{onA}]: pgq version ok: 3.5", pgqd.Log.Text);
        Assert.Contains($"INFO [{onB}]: pgq version ok: 3.5", pgqd.Log.Text);
        Assert.Equal(0, await pgqd.StopAsync());
    }

    [Theory]
    [InlineData(PgqFlavor.Ours)]
    [InlineData(PgqFlavor.Original)]
    public async Task Ticks_a_queue_soon_after_its_events_even_with_a_long_ticker_period(PgqFlavor flavor)
    {
        // ticker_period 300 s: only the poll for due queues (ticker_poll_period, default) can make the ticks awaited here.
        var database = await TwoClusters.CreateQueueDatabaseAsync(clusters.A, "poll", flavor);
        await using (var db = await clusters.A.OpenAsync(database))
        {
            await db.ExecAsync("select pgq.set_queue_config('q', 'ticker_max_lag', '10 milliseconds')");
            // A new queue's event sequence reads 1 both before and after its first event, so the first event
            // ever looks like none (to pgq.ticker() too, in both pgq): it is ticked by an idle tick. Use it up here.
            await db.ExecAsync("select pgq.insert_event('q', 'first', 'first')");
        }
        await using var pgqd = InProcessPgqd.Start("[pgqd]\nticker_period = 300\nmaint_period = 300\nretry_period = 300\n",
            new FixedDatabaseLocator([Target(clusters.A, database)]));
        // The first cycle runs pgq.ticker() at once (the idle tick after create_queue's); wait for it, so the ticks
        // below can only come from polling.
        await Eventually.TrueAsync(async () => await QueueProbe.TickCountAsync(clusters.A, database) >= 2, Timeout, "pgqd's first ticker cycle", () => pgqd.Log.Text);
        var limit = TimeSpan.FromSeconds(60);
        for (var round = 0; round < 3; round++)
        {
            await QueueProbe.WaitForTickAfterEventAsync(clusters.A, database, limit);
        }
        // No events: polling alone never ticks (idle ticks are pgq.ticker()'s business, every ticker_period).
        var idle = await QueueProbe.TickCountAsync(clusters.A, database);
        await Task.Delay(500);
        Assert.Equal(idle, await QueueProbe.TickCountAsync(clusters.A, database));
    }

    [Theory]
    [InlineData(PgqFlavor.Ours)]
    [InlineData(PgqFlavor.Original)]
    public async Task Rotates_event_tables_when_the_rotation_period_has_passed(PgqFlavor flavor)
    {
        var database = await TwoClusters.CreateQueueDatabaseAsync(clusters.A, "rot", flavor);
        await using (var db = await clusters.A.OpenAsync(database))
        {
            await db.ExecAsync("select pgq.set_queue_config('q', 'rotation_period', '1 second')");
        }
        await using var pgqd = InProcessPgqd.Start(FastIni, new FixedDatabaseLocator([Target(clusters.A, database)]));

        var seen = new HashSet<int>();
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await clusters.A.OpenAsync(database);
            seen.Add(await db.ScalarAsync<int>("select queue_cur_table from pgq.queue where queue_name = 'q'"));
            return seen.Count >= 2;
        }, Timeout, "the queue to switch to another event table", () => pgqd.Log.Text);

        Assert.Contains("pgq.maint_rotate_tables_step1(q)", pgqd.Log.Text);
    }

    [Fact]
    public async Task Remakes_a_capture_function_whose_table_changed()
    {
        var database = await TwoClusters.CreateQueueDatabaseAsync(clusters.A, "capref", PgqFlavor.Ours);
        await using var db = await clusters.A.OpenAsync(database);
        await db.ExecAsync("create table t (id int primary key, v text)");
        var function = await db.ScalarAsync<string>("select pgq.capture_trigger_function('t', '{q}')");
        await db.ExecAsync($"create trigger capture after insert on t for each row execute function {function}('q')");
        await db.ExecAsync("alter table t add column added_later text");
        await using var pgqd = InProcessPgqd.Start(FastIni, new FixedDatabaseLocator([Target(clusters.A, database)]));

        await Eventually.TrueAsync(async () =>
            (await db.ScalarAsync<string>($"select prosrc from pg_proc where oid = '{function}'::regproc")).Contains("NEW.added_later"),
            Timeout, "the made function to be remade with the new column", () => pgqd.Log.Text);

        Assert.Contains("pgq.maint_refresh_capture_functions", pgqd.Log.Text);
    }

    [Theory]
    [InlineData(PgqFlavor.Ours)]
    [InlineData(PgqFlavor.Original)]
    public async Task Moves_retry_events_back_into_the_queue(PgqFlavor flavor)
    {
        var database = await TwoClusters.CreateQueueDatabaseAsync(clusters.B, "retry", flavor);
        await using var db = await clusters.B.OpenAsync(database);
        await db.ExecAsync("select pgq.register_consumer('q', 'c')");
        await using var pgqd = InProcessPgqd.Start(FastIni, new FixedDatabaseLocator([Target(clusters.B, database)]));
        await QueueProbe.InsertEventAsync(clusters.B, database, "again");

        // A tick may fall while the insert is still uncommitted: that batch is empty, the next one has it.
        long batch = 0;
        var events = new List<object?[]>();
        await Eventually.TrueAsync(async () =>
        {
            if (await db.ScalarAsync("select pgq.next_batch('q', 'c')") is not long next)
            {
                return false;
            }
            batch = next;
            events = await db.RowsAsync("select ev_id, ev_data from pgq.get_batch_events($1)", batch);
            if (events.Count == 0)
            {
                await db.ExecAsync("select pgq.finish_batch($1)", batch);
            }
            return events.Count > 0;
        }, Timeout, "pgqd to tick the event into a batch");
        Assert.Equal("again", Assert.Single(events)[1]);
        await db.ExecAsync("select pgq.event_retry($1, $2, 0)", batch, (long)events[0][0]!);
        await db.ExecAsync("select pgq.finish_batch($1)", batch);

        // pgqd moves it back; it then comes again, marked as a retry.
        var retried = new List<object?[]>();
        await Eventually.TrueAsync(async () =>
        {
            if (await db.ScalarAsync("select pgq.next_batch('q', 'c')") is long next)
            {
                retried.AddRange(await db.RowsAsync("select ev_data, ev_retry from pgq.get_batch_events($1)", next));
                await db.ExecAsync("select pgq.finish_batch($1)", next);
            }
            return retried.Count > 0;
        }, Timeout, "the retried event to come back", () => pgqd.Log.Text);

        Assert.Equal(["again", 1], Assert.Single(retried));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from pgq.retry_queue"));
        Assert.Contains($"[{database}]: moved 1 retry event(s) back into their queues", pgqd.Log.Text);
    }

    [Fact]
    public async Task Discovers_databases_with_pgq_and_picks_up_one_installed_later()
    {
        var withPgq = await TwoClusters.CreateQueueDatabaseAsync(clusters.A, "found", PgqFlavor.Ours);
        var later = $"later_{Guid.NewGuid():N}"[..20];
        await clusters.A.Cluster.CreateDatabaseAsync(later);
        var ini = FastIni + $"base_connstr = host=127.0.0.1 port={clusters.A.Cluster.Port} user=postgres\ninitial_database = postgres\n";
        await using var pgqd = InProcessPgqd.Start(ini);

        await QueueProbe.WaitForTickAfterEventAsync(clusters.A, withPgq, Timeout);
        await Eventually.TrueAsync(() => pgqd.Log.Text.Contains($"[{later}]: no pgq", StringComparison.Ordinal), Timeout, "pgqd to look at the database without pgq");

        await PgQ.Installation.SchemaInstaller.InstallPgQAsync(clusters.A.ConnectionString(later), CancellationToken.None);
        await clusters.A.Cluster.ExecuteAsync(later, "select pgq.create_queue('q')");
        await QueueProbe.WaitForTickAfterEventAsync(clusters.A, later, Timeout);

        Assert.Contains("auto-detecting dbs ...", pgqd.Log.Text);
    }

    [Fact]
    public async Task Ignores_a_database_whose_pgq_version_is_too_old()
    {
        var database = await clusters.B.CreateDatabaseAsync("old");
        await clusters.B.Cluster.ExecuteAsync(database, "create or replace function pgq.version() returns text language sql as $$ select '2.1'::text $$");
        await using var pgqd = InProcessPgqd.Start(FastIni, new FixedDatabaseLocator([Target(clusters.B, database)]));

        await Eventually.TrueAsync(() => pgqd.Log.Text.Contains($"[{database}]: bad pgq version, ignoring (2.1)", StringComparison.Ordinal), Timeout, "the version check");

        Assert.DoesNotContain($"[{database}]: pgq version ok", pgqd.Log.Text);
    }

    [Fact]
    public async Task Vacuums_with_quoted_table_names_when_autovacuum_is_off()
    {
        var database = await TwoClusters.CreateQueueDatabaseAsync(clusters.A, "vac", PgqFlavor.Ours);
        await clusters.A.Cluster.ExecuteAsync(database, "alter system set autovacuum = off");
        await clusters.A.Cluster.ExecuteAsync(database, "select pg_reload_conf()");
        try
        {
            await using var pgqd = InProcessPgqd.Start(FastIni, new FixedDatabaseLocator([Target(clusters.A, database)]));

            await Eventually.TrueAsync(() => pgqd.Log.Text.Contains($"[{database}]: vacuum pgq.tick", StringComparison.Ordinal)
                && pgqd.Log.Text.Contains($"[{database}]: maintenance done", StringComparison.Ordinal), Timeout, "a vacuum operation", () => pgqd.Log.Text);
            Assert.DoesNotContain("maintenance (", pgqd.Log.Text);
        }
        finally
        {
            await clusters.A.Cluster.ExecuteAsync(database, "alter system reset autovacuum");
            await clusters.A.Cluster.ExecuteAsync(database, "select pg_reload_conf()");
        }
    }
}
