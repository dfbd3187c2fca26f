using System.Globalization;
using Npgsql;
using Skytools.Config;

namespace Skytools.Connections;

/// <summary>
/// Turns a libpq connection string (or URI) from a config file into an Npgsql one, with libpq's
/// defaults where the string is silent (PGHOST/PGPORT/PGUSER/PGDATABASE/PGPASSWORD, then the local
/// socket folder, port 5432 and the login name), so that a config written for the original tools
/// connects to the same server. An Npgsql-style string (<c>Host=...;Database=...</c>) is accepted too.
/// A keyword Npgsql cannot honour is an error, never silently dropped.
/// </summary>
public static class ConnectionStringConverter
{
    /// <summary>Debian's socket folder, which libpq is built to use when no host is given.</summary>
    private const string DefaultSocketFolder = "/var/run/postgresql";

    public static string ToNpgsql(string connectionString, string? database = null) => ToBuilder(connectionString, database).ConnectionString;

    public static NpgsqlConnectionStringBuilder ToBuilder(string connectionString, string? database = null)
    {
        var npgsqlForm = LooksLikeNpgsql(connectionString);
        var builder = npgsqlForm ? FromNpgsql(connectionString) : FromLibpq(connectionString);
        if (database is not null)
        {
            builder.Database = database;
        }
        ApplyDefaults(builder, GivenKeywords(connectionString, npgsqlForm));
        return builder;
    }

    /// <summary>"Host=x;Database=y": no libpq keyword=value pairs, but semicolons separating Npgsql keywords.</summary>
    private static bool LooksLikeNpgsql(string text) =>
        text.Contains(';', StringComparison.Ordinal) && !text.Contains("://", StringComparison.Ordinal)
        && text.Split(';', StringSplitOptions.RemoveEmptyEntries).All(part => part.Contains('=', StringComparison.Ordinal))
        && !text.Split(';')[0].Trim().Contains(' ', StringComparison.Ordinal);

    private static NpgsqlConnectionStringBuilder FromNpgsql(string text)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"connection string: {e.Message}: check the keywords (Host, Port, Database, Username, ...)");
        }
    }

    private static NpgsqlConnectionStringBuilder FromLibpq(string text)
    {
        var builder = new NpgsqlConnectionStringBuilder();
        string? hostAddress = null;
        string? fallbackApplicationName = null;
        foreach (var (key, value) in LibpqConnectionString.Parse(text))
        {
            switch (key)
            {
                case "host": builder.Host = value; break;
                case "hostaddr": hostAddress = value; break;
                case "port": builder.Port = ParsePort(value); break;
                case "dbname": builder.Database = value; break;
                case "user": builder.Username = value; break;
                case "password": builder.Password = value; break;
                case "passfile": builder.Passfile = value; break;
                case "connect_timeout": builder.Timeout = Math.Min(ParseInt(key, value), 1024); break;
                case "application_name": builder.ApplicationName = value; break;
                case "fallback_application_name": fallbackApplicationName = value; break;
                case "options": builder.Options = value; break;
                case "client_encoding": builder.ClientEncoding = value; break;
                case "sslmode": builder.SslMode = ParseSslMode(value); break;
                case "sslcert": builder.SslCertificate = value; break;
                case "sslkey": builder.SslKey = value; break;
                case "sslrootcert": builder.RootCertificate = value; break;
                case "sslpassword": builder.SslPassword = value; break;
                case "target_session_attrs": builder.TargetSessionAttributes = value; break;
                case "keepalives": builder.TcpKeepAlive = value != "0"; break;
                case "keepalives_idle": builder.TcpKeepAliveTime = ParseInt(key, value); break;
                case "keepalives_interval": builder.TcpKeepAliveInterval = ParseInt(key, value); break;
                case "krbsrvname": builder.KerberosServiceName = value; break;
                case "gssencmode": builder.GssEncryptionMode = ParseEnum<GssEncryptionMode>(key, value); break;
                case "channel_binding": builder.ChannelBinding = ParseEnum<ChannelBinding>(key, value); break;
                // Accepted by libpq, with no effect on how Npgsql connects; harmless to drop.
                case "sslcompression" or "keepalives_count" or "tcp_user_timeout" or "requirepeer" or "sslsni" or "ssl_min_protocol_version" or "ssl_max_protocol_version":
                    break;
                case "service":
                    throw new ConfigException($"connection string: service='{value}' (pg_service.conf) is not supported: write host=, port=, dbname= and user= instead");
                default:
                    throw new ConfigException($"connection string: unknown keyword '{key}': use libpq keywords (host, port, dbname, user, password, sslmode, connect_timeout, application_name, ...)");
            }
        }
        if (hostAddress is not null)
        {
            // libpq connects to hostaddr and uses host only for authentication names; Npgsql has just Host.
            builder.Host = hostAddress;
        }
        if (builder.ApplicationName is null && fallbackApplicationName is not null)
        {
            builder.ApplicationName = fallbackApplicationName;
        }
        return builder;
    }

    /// <summary>
    /// The keywords the text itself sets, in lower case without spaces (NpgsqlConnectionStringBuilder.ContainsKey
    /// answers whether a keyword is known, not whether it was given).
    /// </summary>
    private static HashSet<string> GivenKeywords(string text, bool npgsqlForm)
    {
        IEnumerable<string> keys = npgsqlForm
            ? new System.Data.Common.DbConnectionStringBuilder { ConnectionString = text }.Keys.Cast<string>()
            : LibpqConnectionString.Parse(text).Select(pair => pair.Key);
        return keys.Select(key => key.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
    }

    private static void ApplyDefaults(NpgsqlConnectionStringBuilder builder, HashSet<string> given)
    {
        if (!given.Contains("commandtimeout"))
        {
            // libpq has no client-side statement timeout, and the tools rely on that: a batch, a copy or an index
            // build may take longer than Npgsql's default 30 s (statement_timeout in options= is the server's way).
            // It also spares every socket read and write arming a timer (measured: ~10% of the worker's CPU as lock
            // contention on the timer while catching up).
            builder.CommandTimeout = 0;
        }
        if (string.IsNullOrEmpty(builder.Host))
        {
            builder.Host = Environment.GetEnvironmentVariable("PGHOST") is { Length: > 0 } host
                ? host
                : Directory.Exists(DefaultSocketFolder) ? DefaultSocketFolder : "localhost";
        }
        if (!given.Contains("port") && Environment.GetEnvironmentVariable("PGPORT") is { Length: > 0 } port)
        {
            builder.Port = ParsePort(port);
        }
        if (string.IsNullOrEmpty(builder.Username))
        {
            builder.Username = Environment.GetEnvironmentVariable("PGUSER") is { Length: > 0 } user ? user : Environment.UserName;
        }
        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = Environment.GetEnvironmentVariable("PGDATABASE") is { Length: > 0 } database ? database : builder.Username;
        }
        if (builder.Password is null && Environment.GetEnvironmentVariable("PGPASSWORD") is { Length: > 0 } password)
        {
            builder.Password = password;
        }
    }

    private static int ParsePort(string value)
    {
        // Several hosts may come with several ports; Npgsql takes host:port pairs, a single port is the default.
        var first = value.Split(',')[0];
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new ConfigException($"connection string: port '{value}' is not a TCP port number: use 1-65535");
    }

    private static int ParseInt(string key, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result) && result >= 0
            ? result
            : throw new ConfigException($"connection string: {key}='{value}' is not a whole number of seconds: fix the value");

    private static SslMode ParseSslMode(string value) => value switch
    {
        "disable" => SslMode.Disable,
        "allow" => SslMode.Allow,
        "prefer" => SslMode.Prefer,
        "require" => SslMode.Require,
        "verify-ca" => SslMode.VerifyCA,
        "verify-full" => SslMode.VerifyFull,
        _ => throw new ConfigException($"connection string: sslmode='{value}' is not valid: use disable, allow, prefer, require, verify-ca or verify-full"),
    };

    private static T ParseEnum<T>(string key, string value)
        where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var result)
            ? result
            : throw new ConfigException($"connection string: {key}='{value}' is not valid: use one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
}
