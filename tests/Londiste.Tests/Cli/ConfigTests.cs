using Londiste.Configuration;
using Skytools.Config;

namespace Londiste.Tests.Cli;

public sealed class ConfigTests : IDisposable
{
    private readonly ConfigFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_missing_db_key_is_one_line_naming_the_key_and_the_file()
    {
        var ini = _files.Write("dst.ini", "[londiste3]\nqueue_name = replika\n");
        var run = await CliRun.RunAsync(ini, "tables");
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(ini, line);
        Assert.Contains("db is not set", line);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task A_missing_queue_name_is_one_line_naming_the_key()
    {
        var ini = _files.Write("dst.ini", "[londiste]\ndb = dbname=x\n");
        var run = await CliRun.RunAsync(ini, "tables");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("queue_name is not set", run.Error);
    }

    [Fact]
    public async Task A_missing_config_file_says_so()
    {
        var run = await CliRun.RunAsync(Path.Combine(_files.Folder, "nope.ini"), "status");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("config file not found", run.Error);
    }

    [Fact]
    public async Task A_file_without_a_londiste_section_is_refused()
    {
        var ini = _files.Write("dst.ini", "[pgqd]\nbase_connstr = x\n");
        var run = await CliRun.RunAsync(ini, "status");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("has no [londiste] (or [londiste3]) section", run.Error);
    }

    [Fact]
    public async Task A_bad_value_names_key_and_file()
    {
        var ini = _files.Write("dst.ini", "[londiste]\ndb = dbname=x\nqueue_name = q\nparallel_copies = many\n");
        var run = await CliRun.RunAsync(ini, "tables");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("parallel_copies = 'many' is not a whole number", run.Error);
        Assert.Contains(ini, run.Error);
    }

    [Fact]
    public void Settings_have_the_original_defaults_and_interpolate_job_name()
    {
        var config = ScriptConfig.Parse("[londiste3]\ndb = dbname=x\nqueue_name = replika\nlogfile = log/%(job_name)s.log\n", "/etc/londiste/dst1_digoal_01.ini", "londiste3");
        var settings = LondisteSettings.FromConfig(config);
        Assert.Equal("dst1_digoal_01", settings.JobName);
        Assert.Equal("dst1_digoal_01", settings.ConsumerName);
        Assert.Equal("log/dst1_digoal_01.log", settings.LogFile);
        Assert.Equal(1, settings.ParallelCopies);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.LockTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.LoopDelay);
        Assert.Equal(300, settings.PgqLazyFetch);
        Assert.Equal("select count(1) as cnt, sum(hashtext(t.*::text)) as chksum from only _TABLE_ t", settings.CompareSql);
        Assert.Equal("%(cnt)d rows, checksum=%(chksum)s", settings.CompareFormat);
    }

    [Fact]
    public async Task Ini_prints_a_sample_that_reads_back_with_every_key_known()
    {
        var run = await CliRun.RunAsync("--ini");
        Assert.Equal(0, run.ExitCode);
        var config = ScriptConfig.Parse(run.Output, "sample.ini", "londiste");
        var settings = LondisteSettings.FromConfig(config);
        Assert.Equal("replika", settings.QueueName);
        Assert.Empty(LondisteConfig.UnknownKeys(config));
        var commented = run.Output.Split('\n').Where(l => l.StartsWith('#') && l.Contains(" = ", StringComparison.Ordinal)).Select(l => l[1..l.IndexOf(' ', StringComparison.Ordinal)]);
        Assert.All(commented, key => Assert.Contains(key, LondisteConfig.KnownKeys));
        foreach (var key in new[] { "parallel_copies", "lock_timeout", "compare_sql", "compare_fmt", "pgq_lazy_fetch", "public_node_location", "loop_delay", "pidfile", "logfile" })
        {
            Assert.Contains(key, run.Output);
        }
    }

    [Fact]
    public async Task Sql_prints_the_install_script_of_the_three_schemas()
    {
        var run = await CliRun.RunAsync("--sql");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("pgq", run.Output);
    }

    [Fact]
    public async Task No_command_after_the_config_file_is_one_line()
    {
        var ini = _files.Write("dst.ini", "[londiste]\ndb = dbname=x\nqueue_name = q\n");
        var run = await CliRun.RunAsync(ini);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("need command", run.Error);
    }

    [Theory]
    [InlineData("takeover")]
    [InlineData("repair")]
    [InlineData("execute")]
    [InlineData("change-provider")]
    public async Task Commands_not_written_yet_say_so_with_exit_code_1(string command)
    {
        var ini = _files.Write("dst.ini", "[londiste]\ndb = dbname=x\nqueue_name = q\n");
        var run = await CliRun.RunAsync(ini, command);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"londiste: command {command} is not available in this build yet\n", run.Error);
    }

    [Fact]
    public async Task The_worker_says_it_is_not_available_yet()
    {
        var ini = _files.Write("dst.ini", "[londiste]\ndb = dbname=x\nqueue_name = q\n");
        var run = await CliRun.RunAsync(ini, "worker");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("worker command is not available", run.Error);
    }

    [Fact]
    public async Task An_unknown_command_and_an_unknown_option_are_one_line_each()
    {
        var ini = _files.Write("dst.ini", "[londiste]\ndb = dbname=x\nqueue_name = q\n");
        var unknownCommand = await CliRun.RunAsync(ini, "frobnicate");
        Assert.Equal(1, unknownCommand.ExitCode);
        Assert.Contains("unknown command 'frobnicate'", unknownCommand.Error);
        var unknownOption = await CliRun.RunAsync(ini, "tables", "--frob");
        Assert.Equal(1, unknownOption.ExitCode);
        Assert.Contains("unknown option --frob", unknownOption.Error);
    }

    [Fact]
    public async Task An_unreachable_database_is_one_error_line_without_stack_trace()
    {
        var ini = _files.Write("dst.ini", "[londiste]\ndb = host=127.0.0.1 port=1 dbname=x connect_timeout=2\nqueue_name = q\n");
        var run = await CliRun.RunAsync(ini, "tables");
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.LogLines);
        Assert.StartsWith("ERROR cannot connect to db (host=127.0.0.1 port=1", line);
        var verbose = await CliRun.RunAsync("-v", ini, "tables");
        Assert.Contains("   at ", verbose.Error);
    }
}
