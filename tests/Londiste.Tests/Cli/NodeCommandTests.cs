using System.Text.RegularExpressions;

namespace Londiste.Tests.Cli;

/// <summary>create-root/create-leaf, status, members, node-info, pause, drop-node against the original pgq_node SQL.</summary>
public sealed partial class NodeCommandTests(OriginalSqlFixture fixture) : IClassFixture<OriginalSqlFixture>, IDisposable
{
    private readonly ConfigFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Create_root_then_create_leaf_logs_the_original_call_sequence()
    {
        var cascade = await Cascade.PrepareAsync(fixture, _files);
        var root = await CliRun.RunAsync(cascade.RootIni, "create-root", "src", cascade.RootLocation);
        Assert.Equal(0, root.ExitCode);
        Assert.Equal(
            ["INFO plpgsql is installed", "INFO pgq is installed", "INFO pgq_node is installed", "INFO londiste is installed", "INFO Initializing node", "INFO Location registered",
             "INFO Node \"src\" initialized for queue \"replika\" with type \"root\"", "INFO Done"],
            root.LogLines);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ INFO Done$", root.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);

        var leaf = await CliRun.RunAsync(cascade.LeafIni, "create-leaf", "dst1", cascade.LeafLocation, "--provider=" + cascade.RootLocation);
        Assert.Equal(0, leaf.ExitCode);
        Assert.Equal(
            ["INFO plpgsql is installed", "INFO pgq is installed", "INFO pgq_node is installed", "INFO londiste is installed", "INFO Initializing node",
             "INFO Location registered", "INFO Location registered", "INFO Subscriber registered: dst1",
             "INFO Location registered", "INFO Location registered",
             "INFO Node \"dst1\" initialized for queue \"replika\" with type \"leaf\"", "INFO Done"],
            leaf.LogLines);

        var again = await CliRun.RunAsync(cascade.RootIni, "create-root", "src", cascade.RootLocation);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("INFO Node is already initialized as root", again.LogLines);
    }

    [Fact]
    public async Task Status_prints_the_cascade_tree_with_table_counts()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        Assert.Equal(0, (await CliRun.RunAsync(cascade.RootIni, "add-table", "app.user_info", "app.user_session")).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(cascade.LeafIni, "add-table", "app.user_info")).ExitCode);

        var status = await CliRun.RunAsync(cascade.LeafIni, "status");
        Assert.Equal(0, status.ExitCode);
        Assert.Equal("""
            Queue: replika   Local node: dst1

            src (root)
              |                           Tables: 2/0/0
              |                           Lag: L, Tick: 1, NOT UPTODATE
              +--: dst1 (leaf)
                                          Tables: 0/1/1
                                          Lag: L, Tick: 1, NOT UPTODATE

            """, Lag().Replace(status.Output, "Lag: L,"));

        var compact = await CliRun.RunAsync(cascade.RootIni, "status", "--compact");
        Assert.Equal(0, compact.ExitCode);
        var lines = compact.Output.Split('\n');
        Assert.StartsWith("src (root)" + new string(' ', 50) + "Tables: 2/0/0" + new string(' ', 17) + "Lag: ", lines[2]);
        Assert.StartsWith("   dst1 (leaf)" + new string(' ', 46) + "Tables: 0/1/1", lines[3]);
    }

    [Fact]
    public async Task Members_and_node_info_show_the_original_layout()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        var members = await CliRun.RunAsync(cascade.LeafIni, "members");
        Assert.Equal(0, members.ExitCode);
        var width = cascade.RootLocation.Length;
        Assert.Equal(
            "Member info on dst1@replika:\n" +
            "node_name        dead             node_location\n" +
            "---------------  ---------------  " + new string('-', Math.Max(15, Math.Max(width, cascade.LeafLocation.Length))) + "\n" +
            "dst1             False            " + cascade.LeafLocation + "\n" +
            "src              False            " + cascade.RootLocation + "\n\n\n",
            members.Output);

        var info = await CliRun.RunAsync(cascade.LeafIni, "node-info");
        Assert.Equal(0, info.ExitCode);
        Assert.Equal($"""
            Node: dst1  Type: leaf  Queue: replika
            Status: NON-UP-TO-DATE
            Provider: src
            Connect strings:
              Local   : {cascade.LeafLocation}
              Public  : {cascade.LeafLocation}
              Provider: {cascade.RootLocation}

            """, info.Output);

        var rootInfo = await CliRun.RunAsync(cascade.RootIni, "node-info");
        Assert.Contains("Node: src  Type: root  Queue: replika\n", rootInfo.Output);
        Assert.Contains("Provider: --\n", rootInfo.Output);
    }

    [Fact]
    public async Task A_node_name_already_taken_is_refused_with_one_line()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        var third = await fixture.CreateDatabaseAsync("third");
        var location = fixture.Cluster.LibpqConnectionString(third);
        var ini = _files.Node("dst_" + third, location);
        var run = await CliRun.RunAsync(ini, "create-leaf", "dst1", location, "--provider=" + cascade.RootLocation);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ERROR Node 'dst1' already exists in queue replika: choose another name, or drop the old node first (drop-node dst1)", run.LogLines);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task A_leaf_without_provider_is_refused_before_touching_the_database()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        var third = await fixture.CreateDatabaseAsync("third");
        var location = fixture.Cluster.LibpqConnectionString(third);
        var ini = _files.Node("dst_" + third, location);
        var run = await CliRun.RunAsync(ini, "create-leaf", "dst2", location);
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.LogLines);
        Assert.Equal("ERROR create-leaf dst2: no provider given: add --provider=CONNSTR (the public connect string of an existing node of queue replika)", line);
        Assert.Equal(0L, await fixture.ScalarAsync(third, "select count(*) from pgq_node.node_location"));
        _ = cascade;
    }

    [Fact]
    public async Task A_public_connect_string_of_another_database_is_refused()
    {
        var cascade = await Cascade.PrepareAsync(fixture, _files);
        var run = await CliRun.RunAsync(cascade.RootIni, "create-root", "src", cascade.LeafLocation);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.LogLines, l => l.StartsWith("ERROR Public connect string points to different database than local connect string (fail=1)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_password_is_one_line_naming_the_database_without_the_password()
    {
        var db = await fixture.CreateDatabaseAsync("pw");
        await fixture.ExecuteAsync("postgres", "do $$ begin if not exists (select 1 from pg_roles where rolname = 'pwuser') then create role pwuser login password 'right'; end if; end $$");
        var hba = Path.Combine(fixture.Cluster.DataDirectory, "pg_hba.conf");
        var rules = await File.ReadAllTextAsync(hba);
        if (!rules.StartsWith("host all pwuser", StringComparison.Ordinal))
        {
            await File.WriteAllTextAsync(hba, "host all pwuser 127.0.0.1/32 scram-sha-256\n" + rules);
            await fixture.ExecuteAsync("postgres", "select pg_reload_conf()");
        }
        var location = $"host=127.0.0.1 port={fixture.Cluster.Port} dbname={db} user=pwuser password=wrong";
        var ini = _files.Node("pw_" + db, location);
        var run = await CliRun.RunAsync(ini, "status");
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.LogLines);
        Assert.Contains("cannot connect to db", line);
        Assert.Contains("password=***", line);
        Assert.Contains("28P01", line);
        Assert.Contains("check user and password", line);
        Assert.DoesNotContain("wrong", line);
    }

    [Fact]
    public async Task Pause_waits_for_the_worker_to_accept_then_reports()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        var pause = CliRun.RunAsync(cascade.LeafIni, "pause");
        // Play the worker: once the pause flag is set, acknowledge it as the worker does at its next batch.
        while (!pause.IsCompleted && !(bool)(await fixture.ScalarAsync(cascade.LeafDb, $"select paused from pgq_node.get_consumer_state('replika', '{cascade.LeafWorker}')"))!)
        {
            await Task.Delay(50);
        }
        await fixture.ExecuteAsync(cascade.LeafDb, $"select pgq_node.set_consumer_uptodate('replika', '{cascade.LeafWorker}', true)");
        var run = await pause;
        Assert.Equal(0, run.ExitCode);
        Assert.Equal([$"INFO [dst1] Consumer {cascade.LeafWorker} tagged as paused", "INFO Waiting for worker to accept", $"INFO Consumer '{cascade.LeafWorker}' on node 'dst1' paused"], run.LogLines);
        var info = await CliRun.RunAsync(cascade.LeafIni, "node-info");
        Assert.Contains("Status: PAUSED\n", info.Output);
    }

    [Fact]
    public async Task Drop_node_removes_the_leaf_from_every_member()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        var run = await CliRun.RunAsync(cascade.RootIni, "drop-node", "dst1");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["INFO Ok", "INFO Node dropped: dst1", "INFO [src] Node dropped: dst1", "INFO [dst1] Node dropped: dst1"], run.LogLines);
        var members = await CliRun.RunAsync(cascade.RootIni, "members");
        Assert.DoesNotContain("dst1", members.Output);
        var leafStatus = await CliRun.RunAsync(cascade.LeafIni, "status");
        Assert.Equal(1, leafStatus.ExitCode);
        Assert.Contains("no node of queue replika", leafStatus.Error);
    }

    [Fact]
    public async Task Status_shows_an_unreachable_member_as_dead_and_says_why()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        await fixture.ExecuteAsync(cascade.RootDb, "select pgq_node.register_location('replika', 'ghost', 'host=127.0.0.1 port=1 dbname=x connect_timeout=2', false)");
        var status = await CliRun.RunAsync(cascade.RootIni, "status");
        Assert.Equal(0, status.ExitCode);
        var lines = status.Output.Split('\n');
        Assert.StartsWith("Node 'ghost' failure: ", lines[0]);
        Assert.Contains("ghost (dead)", status.Output);
        Assert.Contains("+--: dst1 (leaf)", status.Output);
    }

    [Fact]
    public async Task Install_puts_our_schemas_into_an_empty_database_and_reports_a_bad_target_in_one_line()
    {
        var name = "install_" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Cluster.CreateDatabaseAsync(name);
        var run = await CliRun.RunAsync("--install", fixture.Cluster.LibpqConnectionString(name));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3L, await fixture.ScalarAsync(name, "select count(*) from pg_namespace where nspname in ('pgq', 'pgq_node', 'londiste')"));

        var bad = await CliRun.RunAsync("--install", $"host=127.0.0.1 port={fixture.Cluster.Port} dbname=no_such_db user=postgres");
        Assert.Equal(1, bad.ExitCode);
        var line = Assert.Single(bad.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("3D000", line);
        Assert.Contains("check dbname", line);
    }

    [Fact]
    public async Task Verbose_logs_every_call_and_quiet_keeps_only_warnings()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        var verbose = await CliRun.RunAsync("-v", cascade.RootIni, "add-table", "app.user_info");
        Assert.Contains("DEBUG exec: select * from londiste.local_add_table($1, $2, $3, $4, $5)", verbose.LogLines);
        var quiet = await CliRun.RunAsync("-q", cascade.RootIni, "add-table", "app.user_session");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Empty(quiet.LogLines);
    }

    [Fact]
    public async Task Stop_without_a_running_worker_says_so()
    {
        var cascade = await Cascade.PrepareAsync(fixture, _files);
        var run = await CliRun.RunAsync("-s", cascade.RootIni);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Old process is not running", run.Error);
    }

    [GeneratedRegex(@"Lag: [^,]+,")]
    private static partial Regex Lag();
}
