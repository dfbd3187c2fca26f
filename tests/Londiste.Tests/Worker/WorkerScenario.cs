using Xunit.Abstractions;

namespace Londiste.Tests.Worker;

/// <summary>
/// Steps the worker tests share, whichever SQL the nodes run (ours in <see cref="CopyTests"/>, the original's in
/// <see cref="ReplicationWorkerTests"/>): a root and a leaf with the workload's tables, waiting for every table to be
/// ok, ticking until a node caught up.
/// </summary>
internal static class WorkerScenario
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    /// <summary>A root with <paramref name="rows"/> preloaded rows and its tables added, and a leaf subscribed to it.</summary>
    public static async Task<(TestNode Root, TestNode Leaf)> RootAndLeafAsync(Cascade cascade, int rows)
    {
        var root = await cascade.NewNodeAsync("root");
        var leaf = await cascade.NewNodeAsync("leaf");
        await root.ExecuteAsync(Workload.Schema);
        await leaf.ExecuteAsync(Workload.Schema);
        await Workload.PreloadAsync(root, rows);
        await cascade.CreateRootAsync(root);
        foreach (var table in Workload.Tables)
        {
            await Cascade.AddTableAsync(root, table);
        }
        await cascade.CreateSubscriberAsync(leaf, "leaf", root);
        return (root, leaf);
    }

    /// <summary>
    /// The workload's tables added on the leaf one by one while writers and a ticker run on the root, with
    /// <paramref name="parallelCopies"/>; waits until all are ok, stops the load, ticks until the leaf caught up, runs
    /// <paramref name="afterCaughtUp"/> (with the worker still running) and checks the leaf equals the root.
    /// <paramref name="pause"/> paces the steps (before the first add-table; twice that after all are ok).
    /// </summary>
    public static async Task TablesAddedDuringLoadEndEqualAsync(Cascade cascade, int parallelCopies, ITestOutputHelper output,
        TimeSpan pause, TimeSpan betweenTables, Func<TestNode, TestNode, Task>? afterCaughtUp = null)
    {
        var (root, leaf) = await RootAndLeafAsync(cascade, 3000);
        using var stop = new CancellationTokenSource();
        var ticker = Workload.RunTickerAsync(root, stop.Token);
        var writers = Workload.RunWritersAsync(root, 3, 2000, stop.Token);
        await using (Sync.Start(Sync.Options(leaf, parallelCopies), Sync.Logging(output)))
        {
            await Task.Delay(pause);
            foreach (var table in Workload.Tables)
            {
                await Cascade.AddTableAsync(leaf, table);
                await Task.Delay(betweenTables);
            }
            await WaitAllOkAsync(leaf, Workload.Tables.Length);
            await Task.Delay(pause * 2);
            await stop.CancelAsync();
            await writers;
            await ticker;
            await RunTickerUntilCaughtUpAsync(root, leaf);
            if (afterCaughtUp is not null)
            {
                await afterCaughtUp(root, leaf);
            }
        }
        await Workload.AssertEqualAsync(root, leaf);
    }

    public static async Task WaitAllOkAsync(TestNode node, int count)
    {
        var until = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < until)
        {
            var states = await Cascade.TableStatesAsync(node);
            if (states.Count == count && states.Values.All(s => s == "ok"))
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"tables on {node.Name} not ok: {string.Join(", ", (await Cascade.TableStatesAsync(node)).Select(kv => kv.Key + "=" + kv.Value))}");
    }

    /// <summary>Keeps ticking the root (the writers stopped) until the node applied everything.</summary>
    public static async Task RunTickerUntilCaughtUpAsync(TestNode root, TestNode node)
    {
        using var stop = new CancellationTokenSource();
        var ticker = Workload.RunTickerAsync(root, stop.Token);
        try
        {
            await Sync.WaitCaughtUpAsync(root, node, Limit);
        }
        finally
        {
            await stop.CancelAsync();
            await ticker;
        }
    }
}
