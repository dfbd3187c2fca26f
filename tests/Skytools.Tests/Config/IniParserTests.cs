using Skytools.Config;

namespace Skytools.Tests.Config;

public sealed class IniParserTests
{
    private static IniDocument Parse(string text) => IniParser.Parse(text, "test.ini");

    [Fact]
    public void Reads_keys_with_equals_and_colon_and_lower_cases_them()
    {
        var doc = Parse("[pgqd]\nLogFile = /tmp/x.log\npidfile: /tmp/x.pid\n");

        Assert.Equal("/tmp/x.log", doc.Find("pgqd", "logfile")?.Raw);
        Assert.Equal("/tmp/x.pid", doc.Find("pgqd", "PIDFILE")?.Raw);
    }

    [Fact]
    public void Splits_at_the_first_delimiter_so_values_may_contain_equals_signs()
    {
        var doc = Parse("[londiste]\ndb = dbname=db1 host=127.0.0.1\nurl: http://x\n");

        Assert.Equal("dbname=db1 host=127.0.0.1", doc.Find("londiste", "db")?.Raw);
        Assert.Equal("http://x", doc.Find("londiste", "url")?.Raw);
    }

    [Fact]
    public void Skips_hash_and_semicolon_comment_lines_but_keeps_inline_hashes()
    {
        var doc = Parse("# top\n[pgqd]\n  ; indented comment\n#key = no\nkey = a # not a comment\n");

        Assert.Equal("a # not a comment", doc.Find("pgqd", "key")?.Raw);
        Assert.Single(doc.Keys("pgqd"));
    }

    [Fact]
    public void Joins_indented_continuation_lines_with_newlines()
    {
        var doc = Parse("[s]\nsql = select 1\n    from t\n\n    where x\n\nnext = 2\n");

        Assert.Equal("select 1\nfrom t\n\nwhere x", doc.Find("s", "sql")?.Raw);
        Assert.Equal("2", doc.Find("s", "next")?.Raw);
    }

    [Fact]
    public void Falls_back_to_the_DEFAULT_section()
    {
        var doc = Parse("[DEFAULT]\nbase = /srv\n[a]\nx = 1\n");

        Assert.Equal("/srv", doc.Find("a", "base")?.Raw);
        Assert.Equal(["a"], doc.Sections);
        Assert.False(doc.HasSection("DEFAULT"));
    }

    [Fact]
    public void Keeps_empty_values()
    {
        var doc = Parse("[a]\nx =\n");

        Assert.Equal("", doc.Find("a", "x")?.Raw);
    }

    [Theory]
    [InlineData("x = 1\n[a]\n", "test.ini:1: key 'x' comes before any [section] header")]
    [InlineData("[a]\njust words\n", "test.ini:2: cannot parse 'just words'")]
    [InlineData("[a]\nx = 1\nX = 2\n", "test.ini:3: key 'x' is set twice in [a]")]
    [InlineData("[a]\n[b]\n[a]\n", "test.ini:3: section [a] appears twice")]
    [InlineData("[a]\n= 1\n", "test.ini:2: '= 1' has no key name")]
    public void Reports_syntax_errors_with_file_and_line(string text, string expectedStart)
    {
        var error = Assert.Throws<ConfigException>(() => Parse(text));

        Assert.StartsWith(expectedStart, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Reports_a_missing_file_in_one_line()
    {
        var error = Assert.Throws<ConfigException>(() => IniParser.ParseFile("/nonexistent/dir/x.ini"));

        Assert.Equal("config file not found: /nonexistent/dir/x.ini: check the path, or create it (--ini prints a sample)", error.Message);
    }

    [Fact]
    public void Accepts_windows_line_endings_and_a_byte_order_mark()
    {
        var doc = Parse("\uFEFF[a]\r\nx = 1\r\n");

        Assert.Equal("1", doc.Find("a", "x")?.Raw);
    }
}
