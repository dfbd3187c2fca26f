using Skytools.Config;

namespace Skytools.Tests.Config;

public sealed class ScriptConfigTests
{
    private static ScriptConfig Parse(string text, IReadOnlyDictionary<string, string>? overrides = null, string file = "/etc/skytools/dst1.ini") =>
        ScriptConfig.Parse(text, file, "londiste", overrides);

    [Fact]
    public void Expands_references_to_the_same_section_DEFAULT_and_predefined_variables()
    {
        var config = Parse("[DEFAULT]\nroot = /srv\n[londiste]\nlogdir = %(root)s/log\nlogfile = %(logdir)s/%(job_name)s.log\npidfile = %(config_dir)s/%(service_name)s.pid\n");

        Assert.Equal("/srv/log/dst1.log", config.GetString("logfile"));
        Assert.Equal("/etc/skytools/londiste.pid", config.GetString("pidfile"));
        Assert.Equal("dst1", config.GetString("job_name"));
        Assert.Equal("/etc/skytools/dst1.ini", config.GetString("config_file"));
        Assert.Equal(System.Net.Dns.GetHostName(), config.GetString("host_name"));
    }

    [Fact]
    public void A_key_in_the_file_wins_over_a_predefined_variable()
    {
        var config = Parse("[londiste]\njob_name = worker_a\nlogfile = %(job_name)s.log\n");

        Assert.Equal("worker_a.log", config.GetString("logfile"));
    }

    [Fact]
    public void Double_percent_is_a_literal_percent_sign()
    {
        var config = Parse("[londiste]\nfmt = 100%% done %%(x)s\n");

        Assert.Equal("100% done %(x)s", config.GetString("fmt"));
    }

    [Fact]
    public void Config_format_2_uses_dollar_references_across_sections()
    {
        var config = Parse("[common]\nhost = db1\n[londiste]\nconfig_format = 2\nname = x\ndb = host=${common:host} dbname=${name} cost=$$5 keep=%(y)s\n");

        Assert.Equal("host=db1 dbname=x cost=$5 keep=%(y)s", config.GetString("db"));
    }

    [Theory]
    [InlineData("[londiste]\nx = %(nope)s\n", "/etc/skytools/dst1.ini: [londiste] x: refers to 'nope', which is not set in [londiste] or [DEFAULT]: define 'nope' or write '%%' for a literal '%'")]
    [InlineData("[londiste]\nx = 5%\n", "/etc/skytools/dst1.ini: [londiste] x: '%' must be followed by '%%' or '%(name)s', found '%': write '%%' for a literal '%'")]
    [InlineData("[londiste]\nx = %(y)s\ny = %(x)s\n", "/etc/skytools/dst1.ini: [londiste] x: references nest more than 10 levels deep (a loop?): make sure no key refers back to itself")]
    public void Reports_bad_references_in_one_line_naming_file_section_and_key(string text, string expected)
    {
        var config = Parse(text);

        var error = Assert.Throws<ConfigException>(() => config.GetString("x"));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Reports_a_missing_section_and_a_missing_key()
    {
        var noSection = Assert.Throws<ConfigException>(() => Parse("[other]\nx = 1\n"));
        var config = Parse("[londiste]\n");
        var noKey = Assert.Throws<ConfigException>(() => config.GetString("db"));

        Assert.Equal("config file /etc/skytools/dst1.ini has no [londiste] section: add one (--ini prints a sample)", noSection.Message);
        Assert.Equal("/etc/skytools/dst1.ini: [londiste] db is not set: add 'db = ...' to [londiste]", noKey.Message);
    }

    [Fact]
    public void Typed_getters_read_values_and_fall_back_to_defaults()
    {
        var config = Parse("[londiste]\nn = 42\nf = 0.25\nyes = On\nno = 0\nlist = a, b ,c\nempty =\nperiod = 0.2\nms = 500ms\nmin = 2min\n");

        Assert.Equal(42, config.GetInt("n"));
        Assert.Equal(7, config.GetInt("missing", 7));
        Assert.Equal(0.25, config.GetFloat("f"));
        Assert.True(config.GetBool("yes"));
        Assert.False(config.GetBool("no"));
        Assert.True(config.GetBool("missing", true));
        Assert.Equal(["a", "b", "c"], config.GetList("list"));
        Assert.Empty(config.GetList("empty"));
        Assert.Equal(["x"], config.GetList("missing", ["x"]));
        Assert.Equal(TimeSpan.FromMilliseconds(200), config.GetSeconds("period"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.GetSeconds("ms"));
        Assert.Equal(TimeSpan.FromMinutes(2), config.GetSeconds("min"));
        Assert.Equal(TimeSpan.FromSeconds(60), config.GetSeconds("missing", TimeSpan.FromSeconds(60)));
    }

    [Theory]
    [InlineData("n", "a whole number")]
    [InlineData("f", "a number")]
    [InlineData("b", "a boolean")]
    [InlineData("t", "a time interval")]
    public void Typed_getters_reject_bad_values_naming_the_key(string key, string expected)
    {
        var config = Parse("[londiste]\nn = 4x\nf = fast\nb = maybe\nt = -1\n");

        ConfigException error = key switch
        {
            "n" => Assert.Throws<ConfigException>(() => config.GetInt(key)),
            "f" => Assert.Throws<ConfigException>(() => config.GetFloat(key)),
            "b" => Assert.Throws<ConfigException>(() => config.GetBool(key)),
            _ => Assert.Throws<ConfigException>(() => config.GetSeconds(key)),
        };

        Assert.StartsWith($"/etc/skytools/dst1.ini: [londiste] {key} = ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Overrides_from_the_command_line_win_and_are_expanded()
    {
        var config = Parse("[londiste]\nloop_delay = 1\n", new Dictionary<string, string> { ["Loop_Delay"] = "5", ["logfile"] = "%(job_name)s.log" });

        Assert.Equal(5, config.GetInt("loop_delay"));
        Assert.Equal("dst1.log", config.GetString("logfile"));
    }

    [Fact]
    public void Expands_a_leading_tilde_in_file_names()
    {
        var config = Parse("[londiste]\nlogfile = ~/log/x.log\npidfile = -\n");

        Assert.Equal(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + "/log/x.log", config.GetFile("logfile"));
        Assert.Equal("-", config.GetFile("pidfile"));
        Assert.Equal("", config.GetFile("missing"));
    }

    [Fact]
    public void Reload_reads_the_file_again()
    {
        var path = Path.Combine(Path.GetTempPath(), $"skytools-{Guid.NewGuid():N}.ini");
        try
        {
            File.WriteAllText(path, "[londiste]\nx = 1\n");
            var config = ScriptConfig.Load(path, "londiste");
            File.WriteAllText(path, "[londiste]\nx = 2\n");

            var reloaded = config.Reload();

            Assert.Equal(1, config.GetInt("x"));
            Assert.Equal(2, reloaded.GetInt("x"));
            Assert.Equal(Path.GetFileNameWithoutExtension(path), reloaded.GetString("job_name"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Rejects_an_unknown_config_format()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("[londiste]\nconfig_format = 3\n"));

        Assert.Contains("config_format: '3' is not supported", error.Message);
    }
}
