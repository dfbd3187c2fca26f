using Xunit.Abstractions;

namespace Londiste.Tests.Worker;

/// <summary>
/// The worker waits for its provider's <c>pgq_tick</c> notification, not for <c>loop_delay</c>: with loop_delay at
/// 300 s, rows ticked on the root reach the leaf well within the test's limit only if the notification wakes the
/// idle worker, also after its provider connection was killed (the listener is made again on reconnect). A worker
/// that is behind takes several ticks in one batch.
/// Our SQL (which notifies), with ticks made by the test.
/// </summary>
public sealed class TickWakeUpTests(NodeFixture fixture, ITestOutputHelper output) : IClassFixture<NodeFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_idle_worker_with_a_long_loop_delay_applies_a_tick_as_soon_as_it_is_notified()
    {
        var cascade = new Cascade(fixture);
        var root = await cascade.NewNodeAsync("wake_root");
        var leaf = await cascade.NewNodeAsync("wake_leaf");
        const string Schema = "create table public.probe (id int primary key, note text)";
        await root.ExecuteAsync(Schema);
        await leaf.ExecuteAsync(Schema);
        await cascade.CreateRootAsync(root);
        await Cascade.AddTableAsync(root, "public.probe");
        await cascade.CreateSubscriberAsync(leaf, "leaf", root);
        await Cascade.AddTableAsync(leaf, "public.probe");
        // Both tables are empty: no copy needed (a copy would run on its own schedule, not the one under test).
        await leaf.CallAsync("londiste.local_set_table_state", Cascade.Queue, "public.probe", null, "ok");

        var options = Sync.Options(leaf) with { LoopDelay = TimeSpan.FromSeconds(300) };
        await using (Sync.Start(options, Sync.Logging(output)))
        {
            // Row 1 may be found by the worker's first look; rows 2 and 3 come while it sleeps.
            await InsertAndTickAsync(root, 1);
            await WaitForRowAsync(leaf, 1);
            await InsertAndTickAsync(root, 2);
            await WaitForRowAsync(leaf, 2);

            // Kill the worker's provider connection while it waits: it must listen again on the new one.
            var killed = await root.ScalarAsync<long>(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and query like '%next_batch%'",
                root.Database);
            Assert.True(killed >= 1, "the worker's provider connection was not found");
            await Task.Delay(500);
            await InsertAndTickAsync(root, 3);
            await WaitForRowAsync(leaf, 3);
        }

        // Behind by several ticks (worker stopped), with every table ok: it catches up in fewer batches than ticks.
        const int Ticks = 6;
        for (var id = 10; id < 10 + Ticks; id++)
        {
            await InsertAndTickAsync(root, id);
        }
        var batchesBefore = await root.ScalarAsync<long>("select last_value from pgq.batch_id_seq");
        await using (Sync.Start(options, Sync.Logging(output)))
        {
            await WaitForRowAsync(leaf, 10 + Ticks - 1);
        }
        var batches = await root.ScalarAsync<long>("select last_value from pgq.batch_id_seq") - batchesBefore;
        output.WriteLine($"{Ticks} ticks applied in {batches} batch(es)");
        Assert.True(batches < Ticks, $"{Ticks} ticks took {batches} batches: ticks were not merged");
        Assert.Equal(Enumerable.Range(1, 3).Concat(Enumerable.Range(10, Ticks)).Select(i => (long)i),
            await ColumnAsync(leaf, "select id from public.probe order by id"));
    }

    private static async Task<List<long>> ColumnAsync(TestNode node, string sql)
    {
        await using var connection = await node.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<long>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetInt32(0));
        }
        return values;
    }

    private static async Task InsertAndTickAsync(TestNode root, int id)
    {
        await root.ExecuteAsync($"insert into public.probe values ({id}, 'row {id}')");
        await root.ExecuteAsync($"select pgq.force_tick('{Cascade.Queue}')");
        await root.ExecuteAsync($"select pgq.ticker('{Cascade.Queue}')");
    }

    private static async Task WaitForRowAsync(TestNode leaf, int id)
    {
        var until = DateTime.UtcNow + Limit;
        while (await leaf.ScalarAsync<long>($"select count(*) from public.probe where id = {id}") == 0)
        {
            Assert.True(DateTime.UtcNow < until, $"row {id} did not reach the leaf within {Limit.TotalSeconds} s (loop_delay is 300 s: the tick notification did not wake the worker)");
            await Task.Delay(100);
        }
    }
}
