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
