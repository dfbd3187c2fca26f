using Londiste.Tests.Worker;
using TestSupport;
using Xunit.Abstractions;

namespace Londiste.Tests.Faults;

/// <summary>
/// Faults on the provider side of a running leaf: the root's whole cluster restarted while pgqd and the
/// worker run, and the network between the worker and the root cut (connections reset) or silent
/// (packets held back) through a TCP proxy on 127.0.0.1. Both reconnect by themselves; nothing is lost.
/// </summary>
public sealed class ProviderFaultTests(NodeFixture fixture, ITestOutputHelper output) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task The_roots_cluster_restarted_under_pgqd_and_the_worker_loses_nothing()
    {
        await using var setup = await StartAsync("rr", proxied: false);
        if (setup is null)
        {
            return;
        }
        await setup.LoadAsync(TimeSpan.FromSeconds(3));
        await fixture.Cluster.StopAsync("fast");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await fixture.Cluster.StartServerAsync();
        await setup.LoadAsync(TimeSpan.FromSeconds(3));
        await setup.AssertCaughtUpAndEqualAsync();
    }

    [Fact]
    public async Task The_network_to_the_root_cut_and_silenced_then_restored_loses_nothing()
    {
        await using var setup = await StartAsync("net", proxied: true);
        if (setup is null)
        {
            return;
        }
        var proxy = setup.Proxy!;
        using var stopWriters = new CancellationTokenSource();
        var writers = Workload.RunWritersAsync(setup.Root, 2, 2000, stopWriters.Token);
        await Task.Delay(TimeSpan.FromSeconds(2));
        proxy.Cut();
        await Task.Delay(TimeSpan.FromSeconds(3));
        proxy.Restore();
        await Task.Delay(TimeSpan.FromSeconds(2));
        proxy.Blackhole();
        await Task.Delay(TimeSpan.FromSeconds(3));
        proxy.Restore();
        await stopWriters.CancelAsync();
        await writers;
        await setup.AssertCaughtUpAndEqualAsync();
        Assert.True(proxy.Accepted > 1, "the worker must have reached the root through the proxy and reconnected");
    }

    private async Task<FaultCascade?> StartAsync(string prefix, bool proxied)
    {
        var londiste = BuiltPrograms.Require("londiste");
        var pgqd = BuiltPrograms.Require("pgqd");
        if (londiste is null || pgqd is null)
        {
            output.WriteLine("SKIPPED: artifacts/bin has no londiste/pgqd; run ./build.sh first");
            return null;
        }
        return await FaultCascade.StartAsync(fixture, prefix, proxied, londiste, pgqd);
    }
}
