using Pgqd;

namespace PgQ.Tests.Pgqd;

/// <summary>A cluster stopped with pg_ctl under a running pgqd: the other keeps ticking, the stopped one resumes after restart.</summary>
public sealed class PgqdOutageTests(TwoClustersForFaults clusters) : IClassFixture<TwoClustersForFaults>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Keeps_ticking_one_database_while_the_other_cluster_is_down_and_resumes_after_restart()
    {
        var onA = await TwoClusters.CreateQueueDatabaseAsync(clusters.A, "up", PgqFlavor.Ours);
        var onB = await TwoClusters.CreateQueueDatabaseAsync(clusters.B, "down", PgqFlavor.Ours);
        var targets = new FixedDatabaseLocator(
        [
            new DatabaseTarget(onA, clusters.A.ConnectionString(onA)),
            new DatabaseTarget(onB, clusters.B.ConnectionString(onB)),
        ]);
        await using var pgqd = InProcessPgqd.Start("[pgqd]\nticker_period = 0.2\nmaint_period = 0.5\nretry_period = 0.5\nstats_period = 2\n", targets);
        await QueueProbe.WaitForTickAfterEventAsync(clusters.A, onA, Timeout);
        await QueueProbe.WaitForTickAfterEventAsync(clusters.B, onB, Timeout);

        await clusters.B.Cluster.StopAsync("fast");
        try
        {
            await Eventually.TrueAsync(() => pgqd.Log.Text.Contains($"ERROR [{onB}]: ", StringComparison.Ordinal), Timeout, "pgqd to notice the stopped cluster", () => pgqd.Log.Text);
            for (var i = 0; i < 3; i++)
            {
                await QueueProbe.WaitForTickAfterEventAsync(clusters.A, onA, Timeout);
            }
        }
        finally
        {
            await clusters.B.Cluster.StartServerAsync();
        }

        await QueueProbe.WaitForTickAfterEventAsync(clusters.B, onB, Timeout);
        await Eventually.TrueAsync(() => pgqd.Log.Text.Contains($"[{onB}]: connection ok again", StringComparison.Ordinal), Timeout, "the recovery line", () => pgqd.Log.Text);
        Assert.False(pgqd.Completion.IsCompleted);
        Assert.Equal(0, await pgqd.StopAsync());
    }
}
