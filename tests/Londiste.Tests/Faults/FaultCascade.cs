using Londiste.Tests.Worker;
using TestSupport;

namespace Londiste.Tests.Faults;

/// <summary>
/// A root and a leaf in two databases of one cluster, made with the londiste command line, with pgqd and
/// the leaf's worker running as real processes; optionally the leaf reaches the root through a TcpProxy.
/// </summary>
internal sealed class FaultCascade : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;
    private readonly KillableProcess _ticker;
    private readonly KillableProcess _worker;

    private FaultCascade(DirectoryInfo folder, TestNode root, TestNode leaf, TcpProxy? proxy, KillableProcess ticker, KillableProcess worker)
    {
        _folder = folder;
        Root = root;
        Leaf = leaf;
        Proxy = proxy;
        _ticker = ticker;
        _worker = worker;
    }

    /// <summary>The leaf's londiste config (for running commands against the leaf).</summary>
    public string LeafConfig { get; private init; } = "";

    public TestNode Root { get; }
    public TestNode Leaf { get; }
    public TcpProxy? Proxy { get; }

    public static async Task<FaultCascade> StartAsync(NodeFixture fixture, string prefix, bool proxied, string londiste, string pgqd)
    {
        var folder = Directory.CreateTempSubdirectory("londiste-net-faults-");
        var root = FaultSetup.Node("root", await fixture.CreateDatabaseAsync(prefix + "_root"), fixture.Cluster);
        var leaf = FaultSetup.Node("leaf", await fixture.CreateDatabaseAsync(prefix + "_leaf"), fixture.Cluster);
        TcpProxy? proxy = null;
        if (proxied)
        {
            // The root's public location goes through the proxy: that is where the leaf's worker connects.
            proxy = new TcpProxy(fixture.Cluster.Port);
            root = root with { Location = $"host=127.0.0.1 port={proxy.Port} user=postgres dbname={root.Database} connect_timeout=5" };
        }
        var configs = await FaultSetup.CreateCascadeAsync(folder, root, leaf, fixture.Cluster.Port, 2000);
        var ticker = new KillableProcess(pgqd, configs.Pgqd);
        var worker = new KillableProcess(londiste, configs.Leaf, "worker");
        var cascade = new FaultCascade(folder, root, leaf, proxy, ticker, worker) { LeafConfig = configs.Leaf };
        await FaultSetup.WaitForCatchUpAsync(root, leaf, worker);
        return cascade;
    }

    /// <summary>Writers on the root for <paramref name="duration"/>.</summary>
    public async Task LoadAsync(TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        await Workload.RunWritersAsync(Root, 2, 2000, stop.Token);
    }

    /// <summary>Kills the leaf's worker (SIGKILL): the leaf stops applying.</summary>
    public void StopWorker() => _worker.KillHard();

    public async Task AssertCaughtUpAndEqualAsync()
    {
        await FaultSetup.WaitForCatchUpAsync(Root, Leaf, _worker);
        await Workload.AssertEqualAsync(Root, Leaf);
    }

    public async ValueTask DisposeAsync()
    {
        _worker.Dispose();
        _ticker.Dispose();
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }
        _folder.Delete(recursive: true);
    }
}
