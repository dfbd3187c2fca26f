using Skytools.Scripting;

namespace Skytools.Tests.Scripting;

public sealed class ScriptArgumentsTests
{
    [Fact]
    public void Parses_combined_short_switches_and_positional_arguments()
    {
        var args = ScriptArguments.Parse(["-dvv", "-q", "dst1.ini", "tables"]);

        Assert.True(args.Daemon);
        Assert.Equal(2, args.Verbose);
        Assert.True(args.Quiet);
        Assert.Equal(["dst1.ini", "tables"], args.Positional);
        Assert.Equal(ScriptCommand.Run, args.Command);
    }

    [Theory]
    [InlineData("-r", ScriptCommand.Reload)]
    [InlineData("--reload", ScriptCommand.Reload)]
    [InlineData("-s", ScriptCommand.Stop)]
    [InlineData("--stop", ScriptCommand.Stop)]
    [InlineData("-k", ScriptCommand.Kill)]
    [InlineData("--kill", ScriptCommand.Kill)]
    public void Reads_the_signal_commands(string option, ScriptCommand expected)
    {
        Assert.Equal(expected, ScriptArguments.Parse([option, "x.ini"]).Command);
    }

    [Fact]
    public void Reads_set_overrides_in_both_spellings()
    {
        var args = ScriptArguments.Parse(["--set=loop_delay=5", "--set", "logfile = a=b", "x.ini"]);

        Assert.Equal("5", args.Overrides["loop_delay"]);
        Assert.Equal("a=b", args.Overrides["logfile"]);
    }

    [Fact]
    public void Reads_script_specific_options()
    {
        var args = ScriptArguments.Parse(["--install", "host=x dbname=y", "--sql"], ["--sql"], ["--install"]);

        Assert.True(args.TryGetExtra("--install", out var value));
        Assert.Equal("host=x dbname=y", value);
        Assert.True(args.HasExtra("--sql"));
        Assert.Empty(args.Positional);
    }

    [Theory]
    [InlineData(new[] { "-x" }, "unknown switch -x in -x: see --help for the options")]
    [InlineData(new[] { "--frobnicate" }, "unknown option --frobnicate: see --help for the options")]
    [InlineData(new[] { "--set" }, "option --set needs a value: write --set=VALUE")]
    [InlineData(new[] { "--set", "novalue" }, "--set novalue: expected KEY=VALUE, e.g. --set ticker_period=0.5")]
    [InlineData(new[] { "-s", "-k" }, "-r, -s and -k exclude each other: give only one")]
    public void Rejects_bad_switches_in_one_line(string[] argv, string expected)
    {
        var error = Assert.Throws<ScriptUsageException>(() => ScriptArguments.Parse(argv));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Keeps_the_original_arguments_without_the_internal_daemon_flag()
    {
        var args = ScriptArguments.Parse(["-d", "x.ini", ScriptArguments.DaemonChildFlag]);

        Assert.True(args.DaemonChild);
        Assert.Equal(["-d", "x.ini"], args.Original);
    }

    [Fact]
    public void Treats_everything_after_double_dash_as_positional()
    {
        var args = ScriptArguments.Parse(["x.ini", "--", "-v"]);

        Assert.Equal(["x.ini", "-v"], args.Positional);
        Assert.Equal(0, args.Verbose);
    }
}
