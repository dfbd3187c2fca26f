using Skytools.Config;
using Skytools.Connections;

namespace Pgqd;

/// <summary>
/// The [pgqd] keys, with the original's defaults (checked against `pgqd --ini` 3.5 and its key table).
/// Read once per config version; the loops take the current instance at every cycle, so a reload
/// (SIGHUP) changes periods without a restart.
/// </summary>
internal sealed record PgqdSettings(
    string BaseConnectionString,
    string InitialDatabase,
    IReadOnlyList<string> DatabaseList,
    TimeSpan CheckPeriod,
    TimeSpan RetryPeriod,
    TimeSpan MaintPeriod,
    TimeSpan TickerPeriod,
    TimeSpan TickerPollPeriod,
    TimeSpan StatsPeriod,
    TimeSpan ConnectionLifetime)
{
    public const string Section = "pgqd";

    /// <summary>Every key pgqd understands; others in [pgqd] get a warning (a misspelt key would otherwise be silently ignored).</summary>
    public static readonly IReadOnlySet<string> KnownKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "logfile", "pidfile", "base_connstr", "initial_database", "database_list",
        "syslog", "syslog_ident", "syslog_facility",
        "check_period", "retry_period", "maint_period", "ticker_period", "ticker_poll_period", "stats_period", "connection_lifetime",
        // Skytools framework keys, meaningful to every script.
        "job_name", "service_name", "config_format", "log_size", "log_count",
    };

    /// <summary>True when pgqd serves exactly the databases in <see cref="DatabaseList"/> instead of discovering them.</summary>
    public bool HasDatabaseList => DatabaseList.Count > 0;

    public static PgqdSettings FromConfig(ScriptConfig config)
    {
        var baseConnectionString = config.GetString("base_connstr", "");
        try
        {
            // Validate now: a bad base_connstr is a config error at start, not a log line per database later.
            ConnectionStringConverter.ToBuilder(baseConnectionString, "template1");
        }
        catch (ConfigException e)
        {
            throw new ConfigException($"{config.FileName}: [{Section}] base_connstr: {e.Message}");
        }
        return new PgqdSettings(
            baseConnectionString,
            config.GetString("initial_database", "template1"),
            ParseDatabaseList(config.GetString("database_list", "")),
            Period(config, "check_period", 60),
            Period(config, "retry_period", 30),
            Period(config, "maint_period", 120),
            Period(config, "ticker_period", 1),
            // Not in the original (which only ticks every ticker_period): how often the ticker looks whether a
            // queue with pending events is due (its ticker_max_lag or ticker_max_count reached), with one cheap
            // read-only query, so ticks follow activity within this period instead of up to ticker_period late.
            Period(config, "ticker_poll_period", 0.02),
            Period(config, "stats_period", 30),
            Period(config, "connection_lifetime", 3600));
    }

    /// <summary>Database names separated by commas and/or spaces, as the original's word lists; duplicates dropped.</summary>
    public static IReadOnlyList<string> ParseDatabaseList(string value) =>
        value.Split([',', ' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Npgsql connection string for one database: base_connstr with its dbname replaced.</summary>
    public string ConnectionStringFor(string database)
    {
        var builder = ConnectionStringConverter.ToBuilder(BaseConnectionString, database);
        // Long-lived connections that we open and close ourselves: a pool would only hide broken ones.
        builder.Pooling = false;
        builder.TcpKeepAlive = true;
        builder.ApplicationName ??= "pgqd";
        return builder.ConnectionString;
    }

    private static TimeSpan Period(ScriptConfig config, string key, double defaultSeconds)
    {
        var value = config.GetSeconds(key, TimeSpan.FromSeconds(defaultSeconds));
        if (value <= TimeSpan.Zero)
        {
            throw new ConfigException($"{config.FileName}: [{Section}] {key} must be more than 0 seconds: use e.g. {key} = {defaultSeconds}");
        }
        return value;
    }
}
