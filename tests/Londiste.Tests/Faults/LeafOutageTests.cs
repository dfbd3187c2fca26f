using Londiste.Tests.Worker;
using TestSupport;
using Xunit.Abstractions;

namespace Londiste.Tests.Faults;

/// <summary>
/// The seed's failure: the leaf's database stopped (`pg_ctl stop -m fast`, then `-m immediate`) while
/// the root is under write load. Events pile up on the root, the worker keeps retrying and records the
/// error, the leaf comes back and the worker catches up by itself; the leaf ends equal to the root.
/// </summary>
public sealed class LeafOutageTests(NodeFixture fixture, ITestOutputHelper output) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task A_leaf_stopped_fast_and_immediate_under_load_catches_up_by_itself()
    {
        var londiste = BuiltPrograms.Require("londiste");
        var pgqd = BuiltPrograms.Require("pgqd");
        if (londiste is null || pgqd is null)
        {
            output.WriteLine("SKIPPED: artifacts/bin has no londiste/pgqd; run ./build.sh first");
            return;
        }
        var folder = Directory.CreateTempSubdirectory("londiste-net-outage-");
        await using var leafCluster = await PostgresCluster.StartAsync();
        try
        {
            var root = FaultSetup.Node("root", await fixture.CreateDatabaseAsync("out_root"), fixture.Cluster);
            await leafCluster.CreateDatabaseAsync("out_leaf");
            var leaf = FaultSetup.Node("leaf", "out_leaf", leafCluster);
            var configs = await FaultSetup.CreateCascadeAsync(folder, root, leaf, fixture.Cluster.Port, 2000);

            using var ticker = new KillableProcess(pgqd, configs.Pgqd);
            using var worker = new KillableProcess(londiste, configs.Leaf, "worker");
            using var stopWriters = new CancellationTokenSource();
            var writers = Workload.RunWritersAsync(root, 3, 2000, stopWriters.Token);
            await FaultSetup.WaitForCatchUpAsync(root, leaf, worker);

            foreach (var mode in new[] { "fast", "immediate" })
            {
                await leafCluster.StopAsync(mode);
                var pendingBefore = await PendingAsync(root);
                await Task.Delay(TimeSpan.FromSeconds(3));
                Assert.True(await PendingAsync(root) > pendingBefore, $"events must pile up on the root while the leaf is down ({mode})");
                await leafCluster.StartServerAsync();
                await FaultSetup.WaitForCatchUpAsync(root, leaf, worker);
            }
            await stopWriters.CancelAsync();
            await writers;
            await FaultSetup.WaitForCatchUpAsync(root, leaf, worker);

            await Workload.AssertEqualAsync(root, leaf);
            Assert.Contains("crashed", worker.Output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Events the leaf's worker has not taken yet (the queue keeps them).</summary>
    private static Task<long> PendingAsync(TestNode root) =>
        root.ScalarAsync<long>("select coalesce(sum(pending_events), 0)::int8 from pgq.get_consumer_info($1)", Cascade.Queue);
}
