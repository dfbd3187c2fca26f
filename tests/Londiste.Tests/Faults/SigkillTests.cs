using Londiste.Tests.Worker;
using Xunit.Abstractions;

namespace Londiste.Tests.Faults;

/// <summary>
/// The real `londiste ... worker` and `pgqd` processes killed with SIGKILL at random moments while the
/// root is under write load (during the initial copy, catch-up and batch apply), then restarted: the
/// leaf must end equal to the root every time, with no batch lost or applied twice (history's serial
/// key would reject a repeated insert; a lost one shows as a missing row).
/// </summary>
public sealed class SigkillTests(NodeFixture fixture, ITestOutputHelper output) : IClassFixture<NodeFixture>
{
    private const int KillRounds = 20;

    [Fact]
    public async Task Worker_and_pgqd_killed_with_sigkill_at_20_random_moments_leave_the_leaf_equal_to_the_root()
    {
        var londiste = BuiltPrograms.Require("londiste");
        var pgqd = BuiltPrograms.Require("pgqd");
        if (londiste is null || pgqd is null)
        {
            output.WriteLine("SKIPPED: artifacts/bin has no londiste/pgqd; run ./build.sh first");
            return;
        }
        var folder = Directory.CreateTempSubdirectory("londiste-net-sigkill-");
        try
        {
            var root = await NodeAsync("root", "kill_root");
            var leaf = await NodeAsync("leaf", "kill_leaf");
            var configs = await FaultSetup.CreateCascadeAsync(folder, root, leaf, fixture.Cluster.Port, 5000);
            await root.ExecuteAsync($"update pgq.queue set queue_ticker_max_lag = '100 ms', queue_ticker_idle_period = '1 s' where queue_name = '{Cascade.Queue}'");

            using var stopWriters = new CancellationTokenSource();
            var writers = Workload.RunWritersAsync(root, 3, 5000, stopWriters.Token);
            var random = new Random(20261124);
            for (var round = 0; round < KillRounds; round++)
            {
                using var ticker = new KillableProcess(pgqd, configs.Pgqd);
                using var worker = new KillableProcess(londiste, configs.Leaf, "worker");
                await Task.Delay(random.Next(300, 2500));
                worker.KillHard();
                ticker.KillHard();
            }
            await stopWriters.CancelAsync();
            await writers;

            using (var ticker = new KillableProcess(pgqd, configs.Pgqd))
            using (var worker = new KillableProcess(londiste, configs.Leaf, "worker"))
            {
                await FaultSetup.WaitForCatchUpAsync(root, leaf, worker);
            }
            await Workload.AssertEqualAsync(root, leaf);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<TestNode> NodeAsync(string name, string prefix)
    {
        var database = await fixture.CreateDatabaseAsync(prefix);
        return FaultSetup.Node(name, database, fixture.Cluster);
    }
}
