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

    [Theory]
    [InlineData("compare")]
    [InlineData("tables")]
    [InlineData("status")]
    public async Task A_queue_that_does_not_exist_is_one_error_line_and_exit_code_1(string command)
    {
        var database = await fixture.CreateDatabaseAsync("noq");
        var config = Path.Combine(Path.GetTempPath(), $"londiste-net-noq-{Guid.NewGuid():N}.ini");
        await File.WriteAllTextAsync(config, $"""
            [londiste3]
            job_name = noq
            db = host=127.0.0.1 port={fixture.Cluster.Port} user=postgres dbname={database}
            queue_name = no_such_queue
            """);
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await LondisteCommandLine.RunAsync([config, command], stdout, stderr, CancellationToken.None);

            Assert.Equal(1, code);
            var errors = stderr.ToString().Split('\n').Where(l => l.Contains(" ERROR ", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 1, stderr.ToString());
            Assert.Contains("no_such_queue", errors[0]);
            Assert.DoesNotContain("   at ", stderr.ToString());
        }
        finally
        {
            File.Delete(config);
        }
    }

    private static async Task<(int Code, string Error)> CompareAsync(string config, params string[] options)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await LondisteCommandLine.RunAsync([.. options, config, "compare"], stdout, stderr, CancellationToken.None);
        return (code, stderr.ToString() + stdout);
    }
}
