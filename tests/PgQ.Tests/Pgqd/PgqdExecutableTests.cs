using System.Diagnostics;
using Npgsql;
using PgQ.Tests.Queue;
using Skytools.Config;
using Skytools.Scripting;

namespace PgQ.Tests.Pgqd;

/// <summary>The pgqd program itself: one-shot commands, config errors, and a detached daemon driven by -r and -s.</summary>
public sealed class PgqdExecutableTests(PgQFixture fixture) : IClassFixture<PgQFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"pgqd-exe-{Guid.NewGuid():N}")).FullName;

    private string WriteIni(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Ini_prints_a_sample_config_our_reader_parses_with_every_key_and_default()
    {
        var (code, stdout, _) = await PgqdExecutable.RunAsync("--ini");

        Assert.Equal(0, code);
        var config = ScriptConfig.Parse(stdout, "sample.ini", "pgqd");
        Assert.EndsWith("log/pgqd.log", config.GetFile("logfile"));
        foreach (var (key, value) in new[]
                 {
                     ("base_connstr", ""), ("initial_database", "template1"), ("database_list", ""), ("check_period", "60"),
                     ("retry_period", "30"), ("maint_period", "120"), ("ticker_period", "1"), ("ticker_poll_period", "0.02"), ("stats_period", "30"),
                     ("connection_lifetime", "3600"), ("syslog", "1"), ("log_size", "10485760"), ("log_count", "3"),
                 })
        {
            Assert.Contains($"#{key} = {value}".TrimEnd(), stdout.Split('\n').Select(l => l.TrimEnd()));
        }
    }

    [Fact]
    public async Task Sql_prints_the_install_script()
    {
        var (code, stdout, _) = await PgqdExecutable.RunAsync("--sql");

        Assert.Equal(0, code);
        Assert.StartsWith("-- pgq schema, revision ", stdout);
        Assert.Contains("create or replace function pgq.ticker()", stdout);
        Assert.Contains("create or replace function pgq.maint_operations(", stdout);
        Assert.EndsWith("commit;\n", stdout);
    }

    [Fact]
    public async Task Version_and_help_print_and_exit_0()
    {
        var version = await PgqdExecutable.RunAsync("-V");
        var help = await PgqdExecutable.RunAsync("--help");

        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith("pgqd version 3.5", version.Stdout);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--install CONNSTR", help.Stdout);
    }

    [Fact]
    public async Task Install_twice_into_a_database_is_harmless()
    {
        var database = $"inst_{Guid.NewGuid():N}"[..16];
        await fixture.Cluster.CreateDatabaseAsync(database);
        var connstr = fixture.Cluster.LibpqConnectionString(database);

        var first = await PgqdExecutable.RunAsync("--install", connstr);
        var second = await PgqdExecutable.RunAsync("--install", connstr);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("INFO Installed pgq schema, revision", first.Stderr);
        Assert.Contains("up to date", second.Stderr);
        await using var db = await fixture.OpenAsync(database);
        Assert.Equal("3.5", await db.ScalarAsync<string>("select pgq.version()"));
    }

    [Fact]
    public async Task Install_failure_is_one_line_without_the_password()
    {
        var (code, _, stderr) = await PgqdExecutable.RunAsync("--install", $"host=127.0.0.1 port={fixture.Cluster.Port} dbname=no_such_db user=postgres password=s3cret");

        Assert.Equal(1, code);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("pgqd --install: cannot install pgq into 'host=127.0.0.1", stderr);
        Assert.Contains("no_such_db", stderr);
        Assert.DoesNotContain("s3cret", stderr);
    }

    [Theory]
    [InlineData("", "pgqd requires config file")]
    [InlineData("missing.ini", "config file not found: ")]
    [InlineData("[other]\n", "has no [pgqd] section: add one")]
    [InlineData("[pgqd]\nticker_period = soon\n", "[pgqd] ticker_period = 'soon' is not a time interval")]
    [InlineData("[pgqd]\nmaint_period = 0\n", "[pgqd] maint_period must be more than 0 seconds")]
    [InlineData("[pgqd]\nbase_connstr = host=x colour=blue\n", "[pgqd] base_connstr: connection string: unknown keyword 'colour'")]
    [InlineData("[pgqd]\nlogfile = %(log_dir)s/pgqd.log\n", "[pgqd] logfile: refers to 'log_dir', which is not set")]
    [InlineData("[pgqd]\n-d\n", "Daemon needs pidfile")]
    public async Task Bad_config_gives_one_line_and_exit_code_1(string ini, string expected)
    {
        string[] args = ini switch
        {
            "" => [],
            "missing.ini" => [Path.Combine(_folder, "missing.ini")],
            "[pgqd]\n-d\n" => ["-d", WriteIni("d.ini", "[pgqd]\n")],
            _ => [WriteIni("bad.ini", ini)],
        };

        var (code, stdout, stderr) = await PgqdExecutable.RunAsync(args);

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.Contains(expected, stderr);
    }

    [Fact]
    public async Task Refuses_to_start_while_a_live_process_holds_the_pidfile()
    {
        var pidfile = Path.Combine(_folder, "held.pid");
        Pidfile.Write(pidfile, Environment.ProcessId);
        var ini = WriteIni("held.ini", $"[pgqd]\npidfile = {pidfile}\ndatabase_list = nothing_here\n");

        var (code, _, stderr) = await PgqdExecutable.RunAsync(ini);

        Assert.Equal(1, code);
        Assert.StartsWith("Pidfile exists, another process running?", stderr);
        Assert.Equal($"{Environment.ProcessId}\n", File.ReadAllText(pidfile));
    }

    [Fact]
    public async Task Runs_detached_reloads_on_r_and_stops_on_s()
    {
        var first = await fixture.CreateDatabaseAsync("exe");
        var second = await fixture.CreateDatabaseAsync("exe");
        await fixture.Cluster.ExecuteAsync(first, "select pgq.create_queue('q')");
        await fixture.Cluster.ExecuteAsync(second, "select pgq.create_queue('q')");
        var pidfile = Path.Combine(_folder, "pid", "pgqd.pid");
        var logfile = Path.Combine(_folder, "log", "pgqd.log");
        string Ini(string databases) =>
            $"[pgqd]\nbase_connstr = host=127.0.0.1 port={fixture.Cluster.Port} user=postgres\ndatabase_list = {databases}\n"
            + $"logfile = {Path.Combine(_folder, "log", "%(job_name)s.log")}\npidfile = {pidfile}\nticker_period = 0.2\nstats_period = 1\n";
        var ini = WriteIni("pgqd.ini", Ini(first));

        var start = await PgqdExecutable.RunAsync("-d", ini);
        Assert.True(start.ExitCode == 0, start.Stderr);
        var (state, pid) = Pidfile.Inspect(pidfile);
        Assert.Equal(PidfileState.Running, state);
        try
        {
            string Log() => File.Exists(logfile) ? File.ReadAllText(logfile) : "";
            await QueueProbe.WaitForTickAfterEventAsync(fixture, first, Timeout);
            Assert.Matches($@"\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d,\d{{3}} {pid} INFO Starting pgqd 3\.5", Log());

            File.WriteAllText(ini, Ini($"{first}, {second}"));
            var reload = await PgqdExecutable.RunAsync("-r", ini);
            Assert.Equal("SIGHUP sent\n", reload.Stderr);
            await Eventually.TrueAsync(() => Log().Contains("INFO Config reloaded", StringComparison.Ordinal), Timeout, "the reload", Log);
            await QueueProbe.WaitForTickAfterEventAsync(fixture, second, Timeout);

            var stop = await PgqdExecutable.RunAsync("-s", ini);
            Assert.Equal("SIGINT sent\n", stop.Stderr);
            await Eventually.TrueAsync(() => !Directory.Exists($"/proc/{pid}"), Timeout, "pgqd to exit", Log);
            Assert.False(File.Exists(pidfile));
            Assert.Contains("INFO Got SIGINT, shutting down", Log());
            Assert.Contains("INFO Got SIGHUP, re-reading config", Log());

            var again = await PgqdExecutable.RunAsync("-s", ini);
            Assert.Equal(0, again.ExitCode);
            Assert.StartsWith("Old process is not running", again.Stderr);
        }
        finally
        {
            if (Directory.Exists($"/proc/{pid}"))
            {
                using var leftover = Process.GetProcessById(pid);
                leftover.Kill();
            }
        }
    }

    [Fact]
    public async Task Kill_ends_a_running_pgqd_and_a_stale_pidfile_is_ignored_at_the_next_start()
    {
        var pidfile = Path.Combine(_folder, "k.pid");
        File.WriteAllText(pidfile, "999999\n");
        var ini = WriteIni("k.ini", $"[pgqd]\npidfile = {pidfile}\nlogfile = {Path.Combine(_folder, "k.log")}\nbase_connstr = host=127.0.0.1 port={fixture.Cluster.Port} user=postgres\ndatabase_list = postgres\n");

        var start = await PgqdExecutable.RunAsync("-d", ini);
        Assert.True(start.ExitCode == 0, start.Stderr);
        var (_, pid) = Pidfile.Inspect(pidfile);
        try
        {
            Assert.NotEqual(999999, pid);
            var kill = await PgqdExecutable.RunAsync("-k", ini);
            Assert.Equal(0, kill.ExitCode);
            await Eventually.TrueAsync(() => !Directory.Exists($"/proc/{pid}"), Timeout, "pgqd to exit");
            Assert.False(File.Exists(pidfile));
            var log = File.ReadAllText(Path.Combine(_folder, "k.log"));
            Assert.Contains("WARNING Ignoring stale pidfile", log);
            Assert.Contains("INFO Got SIGTERM, fast exit", log);
        }
        finally
        {
            if (Directory.Exists($"/proc/{pid}"))
            {
                using var leftover = Process.GetProcessById(pid);
                leftover.Kill();
            }
        }
    }

    [Fact]
    public async Task Stops_on_s_even_when_a_script_started_it_in_the_background()
    {
        // A non-interactive shell starts '&' jobs with SIGINT ignored (demo.sh does this); -s must still work.
        var pidfile = Path.Combine(_folder, "bg.pid");
        var logfile = Path.Combine(_folder, "bg.log");
        var ini = WriteIni("bg.ini", $"[pgqd]\npidfile = {pidfile}\nlogfile = {logfile}\nbase_connstr = host=127.0.0.1 port={fixture.Cluster.Port} user=postgres\ndatabase_list = postgres\n");
        var (code, output) = await TestSupport.ProcessRunner.RunAsync("/bin/sh", ["-c", "\"$0\" \"$1\" >/dev/null 2>&1 </dev/null & echo $!", PgqdExecutable.Path, ini], false, CancellationToken.None);
        Assert.Equal(0, code);
        var pid = int.Parse(output.Trim());
        try
        {
            await Eventually.TrueAsync(() => File.Exists(logfile) && File.ReadAllText(logfile).Contains("Starting pgqd", StringComparison.Ordinal), Timeout, "pgqd to start");

            var stop = await PgqdExecutable.RunAsync("-s", ini);

            Assert.Equal("SIGINT sent\n", stop.Stderr);
            await Eventually.TrueAsync(() => !Directory.Exists($"/proc/{pid}"), Timeout, "pgqd to exit on SIGINT", () => File.ReadAllText(logfile));
            Assert.False(File.Exists(pidfile));
            Assert.Contains("INFO Got SIGINT, shutting down", File.ReadAllText(logfile));
        }
        finally
        {
            if (Directory.Exists($"/proc/{pid}"))
            {
                using var leftover = Process.GetProcessById(pid);
                leftover.Kill();
            }
        }
    }

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
    }
}
