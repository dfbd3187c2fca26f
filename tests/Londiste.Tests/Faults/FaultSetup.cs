using Londiste.Cli;
using Londiste.Tests.Worker;
using TestSupport;

namespace Londiste.Tests.Faults;

/// <summary>Setting up a root and a leaf through the londiste command line, and waiting for the leaf to catch up.</summary>
internal static class FaultSetup
{
    public static TestNode Node(string name, string database, PostgresCluster cluster) =>
        new(name, database, cluster.ConnectionString(database),
            $"host=127.0.0.1 port={cluster.Port} user=postgres dbname={database}", name + "_worker");

    public static string WriteIni(DirectoryInfo folder, string name, TestNode node)
    {
        var path = Path.Combine(folder.FullName, name + ".ini");
        File.WriteAllText(path, $"""
            [londiste3]
            job_name = {node.WorkerName}
            db = {node.Location}
            queue_name = {Cascade.Queue}
            loop_delay = 0.1
            parallel_copies = 2
            """);
        return path;
    }

    public static async Task CliAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await LondisteCommandLine.RunAsync(args, stdout, stderr, CancellationToken.None);
        Assert.True(code == 0, $"londiste {string.Join(' ', args)} failed:\n{stdout}\n{stderr}");
    }

    /// <summary>Every table ok on the leaf and the leaf past a tick taken after the last write.</summary>
    public static async Task WaitForCatchUpAsync(TestNode root, TestNode leaf, KillableProcess worker)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var before = await root.ScalarAsync<long>("select last_tick_id from pgq.get_queue_info($1)", Cascade.Queue);
        await root.ExecuteAsync($"select pgq.force_tick('{Cascade.Queue}')");
        long target;
        while ((target = await root.ScalarAsync<long>("select last_tick_id from pgq.get_queue_info($1)", Cascade.Queue)) <= before)
        {
            Assert.True(DateTime.UtcNow < deadline, "pgqd made no tick after the load");
            await Task.Delay(100);
        }
        while (true)
        {
            var notOk = await leaf.ScalarAsync<long>("select count(*) from londiste.get_table_list($1) where local and merge_state is distinct from 'ok'", Cascade.Queue);
            var applied = await leaf.ScalarAsync<long>("select coalesce(worker_last_tick, 0) from pgq_node.get_node_info($1)", Cascade.Queue);
            if (notOk == 0 && applied >= target)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the leaf did not catch up (tables not ok: {notOk}, tick {applied} of {target}); worker output:\n{worker.Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>The config files of one cascade: the root's and the leaf's londiste ini, pgqd's ini.</summary>
    public sealed record Configs(string Root, string Leaf, string Pgqd);

    /// <summary>
    /// The workload's tables on both nodes (rows on the root), then root and leaf made and the tables
    /// added through the londiste command line, as an operator would; pgqd ticks the root every 0.1 s.
    /// </summary>
    public static async Task<Configs> CreateCascadeAsync(DirectoryInfo folder, TestNode root, TestNode leaf, int rootPort, int rows)
    {
        await root.ExecuteAsync(Workload.Schema);
        await leaf.ExecuteAsync(Workload.Schema);
        await Workload.PreloadAsync(root, rows);
        var configs = new Configs(WriteIni(folder, "root", root), WriteIni(folder, "leaf", leaf), Path.Combine(folder.FullName, "pgqd.ini"));
        await File.WriteAllTextAsync(configs.Pgqd, $"""
            [pgqd]
            base_connstr = host=127.0.0.1 port={rootPort} user=postgres
            database_list = {root.Database}
            ticker_period = 0.1
            """);
        await CliAsync(configs.Root, "create-root", "root", root.Location);
        await CliAsync(configs.Leaf, "create-leaf", "leaf", leaf.Location, "--provider=" + root.Location);
        await CliAsync([configs.Root, "add-table", .. Workload.Tables]);
        await CliAsync(configs.Leaf, "add-table", "--all");
        return configs;
    }
}
