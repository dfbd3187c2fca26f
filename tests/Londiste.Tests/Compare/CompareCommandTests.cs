using Londiste.Cli;
using Londiste.Tests.Faults;
using Xunit.Abstractions;

namespace Londiste.Tests.Compare;

/// <summary>`londiste leaf.ini compare` on a live cascade: equal tables, a damaged table, a stopped worker.</summary>
public sealed class CompareCommandTests(NodeFixture fixture, ITestOutputHelper output) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task Compare_matches_a_caught_up_leaf_names_a_damaged_table_and_refuses_a_lagging_one()
    {
        var londiste = BuiltPrograms.Require("londiste");
        var pgqd = BuiltPrograms.Require("pgqd");
        if (londiste is null || pgqd is null)
        {
            output.WriteLine("SKIPPED: artifacts/bin has no londiste/pgqd; run ./build.sh first");
            return;
        }
        await using var cascade = await FaultCascade.StartAsync(fixture, "cmp", proxied: false, londiste, pgqd);
        await cascade.LoadAsync(TimeSpan.FromSeconds(2));
        await cascade.AssertCaughtUpAndEqualAsync();

        var equal = await CompareAsync(cascade.LeafConfig);
        Assert.True(equal.Code == 0, equal.Error);
        foreach (var table in Worker.Workload.Tables)
        {
            Assert.Contains($"INFO Counting {table}", equal.Error);
        }
        Assert.Equal(4, equal.Error.Split('\n').Count(l => l.Contains("INFO srcdb: ", StringComparison.Ordinal)));

        // A change made on the leaf behind replication's back (deny triggers off, as superuser).
        await cascade.Leaf.ExecuteAsync("set session_replication_role = replica; update public.notes set body = 'damaged' where id = 7");
        var damaged = await CompareAsync(cascade.LeafConfig);
        Assert.Equal(1, damaged.Code);
        Assert.Contains("public.notes: Results do not match!", damaged.Error);
        Assert.Contains("1 table(s) differ: public.notes", damaged.Error);

        cascade.StopWorker();
        await cascade.Root.ExecuteAsync("update public.accounts set balance = balance + 1 where id = 1");
        var lagging = await CompareAsync(cascade.LeafConfig, "--set=lock_timeout=1");
        Assert.Equal(1, lagging.Code);
        Assert.Contains("Consumer lagging too much, cannot proceed", lagging.Error);
    }

    private static async Task<(int Code, string Error)> CompareAsync(string config, params string[] options)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await LondisteCommandLine.RunAsync([.. options, config, "compare"], stdout, stderr, CancellationToken.None);
        return (code, stderr.ToString() + stdout);
    }
}
