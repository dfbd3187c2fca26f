using Npgsql;
using Skytools.Config;
using Skytools.Connections;

namespace Skytools.Tests.Connections;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Converts_a_libpq_string_to_npgsql()
    {
        var builder = ConnectionStringConverter.ToBuilder("host=127.0.0.1 port=5433 dbname=db1 user=replica password='it\\'s a secret' sslmode=require connect_timeout=5 application_name=londiste");

        Assert.Equal("127.0.0.1", builder.Host);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("db1", builder.Database);
        Assert.Equal("replica", builder.Username);
        Assert.Equal("it's a secret", builder.Password);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal(5, builder.Timeout);
        Assert.Equal("londiste", builder.ApplicationName);
    }

    [Fact]
    public void Accepts_spaces_around_equals_and_backslash_escapes()
    {
        var pairs = LibpqConnectionString.Parse("  host = localhost   dbname = 'my db'  user=a\\ b ");

        Assert.Equal([new("host", "localhost"), new("dbname", "my db"), new("user", "a b")], pairs);
    }

    [Fact]
    public void Replaces_the_database_when_one_is_given()
    {
        var builder = ConnectionStringConverter.ToBuilder("host=127.0.0.1 dbname=template1 user=u", "db2");

        Assert.Equal("db2", builder.Database);
    }

    [Fact]
    public void Converts_a_postgresql_uri()
    {
        var builder = ConnectionStringConverter.ToBuilder("postgresql://rep%40x:p%3Aw@10.0.0.1:6543/my%20db?sslmode=disable&application_name=a");

        Assert.Equal("10.0.0.1", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("my db", builder.Database);
        Assert.Equal("rep@x", builder.Username);
        Assert.Equal("p:w", builder.Password);
        Assert.Equal(SslMode.Disable, builder.SslMode);
        Assert.Equal("a", builder.ApplicationName);
    }

    [Fact]
    public void Passes_an_npgsql_string_through()
    {
        var builder = ConnectionStringConverter.ToBuilder("Host=127.0.0.1;Port=5999;Database=x;Username=u");

        Assert.Equal(5999, builder.Port);
        Assert.Equal("x", builder.Database);
    }

    [Fact]
    public void Has_no_client_side_statement_timeout_unless_an_npgsql_string_sets_one()
    {
        Assert.Equal(0, ConnectionStringConverter.ToBuilder("host=127.0.0.1 dbname=x").CommandTimeout);
        Assert.Equal(0, ConnectionStringConverter.ToBuilder("Host=127.0.0.1;Database=x").CommandTimeout);
        Assert.Equal(7, ConnectionStringConverter.ToBuilder("Host=127.0.0.1;Database=x;Command Timeout=7").CommandTimeout);
    }

    [Fact]
    public void Takes_the_port_from_pgport_only_when_the_string_has_none()
    {
        var saved = Environment.GetEnvironmentVariable("PGPORT");
        try
        {
            Environment.SetEnvironmentVariable("PGPORT", "6001");
            Assert.Equal(6001, ConnectionStringConverter.ToBuilder("host=127.0.0.1 dbname=x").Port);
            Assert.Equal(6002, ConnectionStringConverter.ToBuilder("host=127.0.0.1 port=6002 dbname=x").Port);
            Assert.Equal(6003, ConnectionStringConverter.ToBuilder("Host=127.0.0.1;Port=6003;Database=x").Port);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PGPORT", saved);
        }
    }

    [Fact]
    public void Fills_libpq_defaults_for_what_the_string_leaves_out()
    {
        var builder = ConnectionStringConverter.ToBuilder("port=5432");

        Assert.False(string.IsNullOrEmpty(builder.Host));
        Assert.False(string.IsNullOrEmpty(builder.Username));
        Assert.Equal(builder.Username, builder.Database);
    }

    [Theory]
    [InlineData("host=x bogus=1", "connection string: unknown keyword 'bogus'")]
    [InlineData("host=x port=abc", "connection string: port 'abc' is not a TCP port number")]
    [InlineData("host x", "connection string: missing '=' after 'host'")]
    [InlineData("password='abc", "connection string: the quoted value of 'password' has no closing quote")]
    [InlineData("service=main", "connection string: service='main' (pg_service.conf) is not supported")]
    [InlineData("sslmode=sometimes", "connection string: sslmode='sometimes' is not valid")]
    public void Rejects_what_it_cannot_honour_in_one_line(string text, string expectedStart)
    {
        var error = Assert.Throws<ConfigException>(() => ConnectionStringConverter.ToNpgsql(text));

        Assert.StartsWith(expectedStart, error.Message);
    }

    [Fact]
    public void Appends_dbname_with_libpq_quoting_as_pgqd_does()
    {
        var text = LibpqConnectionString.Append("host=h", "dbname", "it's\\x");

        Assert.Equal("host=h dbname='it\\'s\\\\x'", text);
        Assert.Equal("it's\\x", ConnectionStringConverter.ToBuilder(text).Database);
    }

    [Theory]
    [InlineData("host=h password=secret user=u", "host=h password=*** user=u")]
    [InlineData("host=h password = 'se cret' user=u", "host=h password = *** user=u")]
    [InlineData("Host=h;Password=secret;Username=u", "Host=h;Password=***;Username=u")]
    [InlineData("postgresql://u:secret@h/db", "postgresql://u:***@h/db")]
    [InlineData("host=h user=u", "host=h user=u")]
    public void Masks_passwords_before_logging(string text, string expected)
    {
        Assert.Equal(expected, ConnectionStringMask.Apply(text));
    }
}
