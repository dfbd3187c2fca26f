using Londiste.Worker;
using Xunit.Abstractions;

namespace Londiste.Tests.Worker;

/// <summary>
/// Crashes injected at the delicate points of a batch (before the local commit, after it but before the branch tick,
/// after the tick but before the provider finished the batch), in the branch's and the leaf's workers and in their
/// copy tasks, while writers run on the root. After each crash the worker drops its connections and retries, as
/// after a real one; the nodes must end equal.
/// </summary>
public sealed class CrashPointTests(OriginalNodeFixture fixture, ITestOutputHelper output) : IClassFixture<OriginalNodeFixture>
{
    [Fact]
    public async Task Crashes_at_every_batch_crash_point_on_branch_and_leaf_neither_lose_nor_repeat_a_batch()
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
        foreach (var table in Workload.Tables)
        {
            await Cascade.AddTableAsync(branch, table);
            await Cascade.AddTableAsync(leaf, table);
        }

        var random = new Random(42);
        var crashing = true;
        var hits = new Dictionary<string, int>();
        var faults = new FaultPoints((point, consumer) =>
        {
            lock (hits)
            {
                if (crashing && random.Next(5) == 0)
                {
                    var key = point + (consumer.Contains(".copy.", StringComparison.Ordinal) ? " (copy)" : "");
                    hits[key] = hits.GetValueOrDefault(key) + 1;
                    throw new InvalidOperationException($"injected crash at {point} in {consumer}");
                }
            }
            return Task.CompletedTask;
        });
        var logging = Sync.Logging(null);
        using var stop = new CancellationTokenSource();
        var ticker = Workload.RunTickerAsync(root, stop.Token);
        var writers = Workload.RunWritersAsync(root, 2, 1500, stop.Token);
        await using (Sync.Start(new ReplicationWorker(Sync.Options(root), logging)))
        await using (Sync.Start(new ReplicationWorker(Sync.Options(branch, 2), logging) { Faults = faults }))
        await using (Sync.Start(new ReplicationWorker(Sync.Options(leaf, 2), logging) { Faults = faults }))
        {
            await Task.Delay(TimeSpan.FromSeconds(8));
            await stop.CancelAsync();
            await writers;
            await ticker;
            lock (hits)
            {
                crashing = false;
            }
            using var tickAgain = new CancellationTokenSource();
            var ticker2 = Workload.RunTickerAsync(root, tickAgain.Token);
            await Sync.WaitCaughtUpAsync(root, branch, TimeSpan.FromMinutes(4));
            await Sync.WaitCaughtUpAsync(root, leaf, TimeSpan.FromMinutes(4));
            await tickAgain.CancelAsync();
            await ticker2;
        }
        output.WriteLine("injected crashes: " + string.Join(", ", hits.Select(kv => $"{kv.Key}={kv.Value}")));
        Assert.True(hits.Keys.Count(k => !k.EndsWith("(copy)", StringComparison.Ordinal)) == 3, "every crash point of the main loop was hit");
        await Workload.AssertEqualAsync(root, branch);
        await Workload.AssertEqualAsync(root, leaf);
    }
}
