using Xunit.Abstractions;
namespace Londiste.Tests.Worker;

/// <summary>
/// The worker against the original pgq / pgq_node / londiste SQL, with real databases: root → leaf and
/// root → branch → leaf under concurrent writes, tables added during the load, workers cancelled at random moments.
/// Every test ends with the tables equal on all nodes.
/// </summary>
public sealed class ReplicationWorkerTests(OriginalNodeFixture fixture, ITestOutputHelper output) : IClassFixture<OriginalNodeFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Leaf_copies_tables_added_during_load_and_ends_equal_to_the_root(int parallelCopies)
    {
        await WorkerScenario.TablesAddedDuringLoadEndEqualAsync(
            new Cascade(fixture), parallelCopies, output, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(300),
            WaitForeignKeyRestoredAsync);
    }

    [Fact]
    public async Task Worker_cancelled_at_random_moments_neither_loses_nor_repeats_a_batch()
    {
        var cascade = new Cascade(fixture);
        // Big enough that some cancellations land inside a COPY.
        var (root, leaf) = await WorkerScenario.RootAndLeafAsync(cascade, 30000);
        foreach (var table in Workload.Tables)
        {
            await Cascade.AddTableAsync(leaf, table);
        }
        using var stop = new CancellationTokenSource();
        var ticker = Workload.RunTickerAsync(root, stop.Token);
        var writers = Workload.RunWritersAsync(root, 3, 2000, stop.Token);
        var random = new Random(20261124);
        var logging = Sync.Logging(output);
        for (var run = 0; run < 15; run++)
        {
            var worker = Sync.Start(Sync.Options(leaf, 1 + run % 3), logging);
            await Task.Delay(random.Next(20, 1200));
            await worker.DisposeAsync();
            output.WriteLine($"run {run}: states {string.Join(", ", (await Cascade.TableStatesAsync(leaf)).Select(kv => kv.Key + "=" + kv.Value))}");
        }
        await stop.CancelAsync();
        await writers;
        await ticker;
        await using (Sync.Start(Sync.Options(leaf, 2), logging))
        {
            await WorkerScenario.RunTickerUntilCaughtUpAsync(root, leaf);
        }
        await Workload.AssertEqualAsync(root, leaf);
    }

    [Fact]
    public async Task Branch_requeues_for_its_leaf_and_all_three_nodes_end_equal()
    {
        var cascade = new Cascade(fixture);
        var root = await cascade.NewNodeAsync("root");
        var branch = await cascade.NewNodeAsync("branch");
        var leaf = await cascade.NewNodeAsync("leaf");
        foreach (var node in new[] { root, branch, leaf })
        {
            await node.ExecuteAsync(Workload.Schema);
        }
        await Workload.PreloadAsync(root, 2000);
        await cascade.CreateRootAsync(root);
        foreach (var table in Workload.Tables)
        {
            await Cascade.AddTableAsync(root, table);
        }
        await cascade.CreateSubscriberAsync(branch, "branch", root);
        await cascade.CreateSubscriberAsync(leaf, "leaf", branch);
        using var stop = new CancellationTokenSource();
        var ticker = Workload.RunTickerAsync(root, stop.Token);
        var writers = Workload.RunWritersAsync(root, 2, 1500, stop.Token);
        var logging = Sync.Logging(output);
        await using (Sync.Start(Sync.Options(root), logging))
        await using (Sync.Start(Sync.Options(branch, 2), logging))
        await using (Sync.Start(Sync.Options(leaf, 2), logging))
        {
            foreach (var table in Workload.Tables)
            {
                await Cascade.AddTableAsync(branch, table);
                await Cascade.AddTableAsync(leaf, table);
            }
            await WorkerScenario.WaitAllOkAsync(leaf, Workload.Tables.Length);
            await Task.Delay(1000);
            await stop.CancelAsync();
            await writers;
            await ticker;
            await WorkerScenario.RunTickerUntilCaughtUpAsync(root, branch);
            await WorkerScenario.RunTickerUntilCaughtUpAsync(root, leaf);
        }
        await Workload.AssertEqualAsync(root, branch);
        await Workload.AssertEqualAsync(root, leaf);
    }

    /// <summary>
    /// The dropped key comes back once both tables are ok and their copy snapshots are cleared, which takes a batch
    /// or two after the hand-over: tick on until it is there.
    /// </summary>
    private static async Task WaitForeignKeyRestoredAsync(TestNode root, TestNode leaf)
    {
        using var stop = new CancellationTokenSource();
        var ticker = Workload.RunTickerAsync(root, stop.Token);
        try
        {
            var until = DateTime.UtcNow + WorkerScenario.Limit;
            // Validated, the pending row gone (the last step of the lazy restore deletes it), copy snapshots forgotten.
            const string restored =
                "select (select count(*) from pg_constraint where conrelid = 'public.refs'::regclass and contype = 'f' and convalidated) = 1"
                + " and not exists (select 1 from londiste.pending_fkeys)"
                + " and not exists (select 1 from londiste.get_table_list('replika') where custom_snapshot is not null)";
            while (!await leaf.ScalarAsync<bool>(restored))
            {
                Assert.True(DateTime.UtcNow < until, "the foreign key of public.refs was not restored on the leaf");
                await root.ScalarAsync<long>("select pgq.force_tick($1)", Cascade.Queue);
                await Task.Delay(200);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await ticker;
        }
    }
}
