using Skytools.Config;

namespace Londiste.Configuration;

/// <summary>
/// Finds and reads a Londiste config file. Londiste 3.0 (the seed's version) reads <c>[londiste3]</c>,
/// later versions <c>[londiste]</c>; either is accepted, and a file with both is ambiguous.
/// </summary>
public static class LondisteConfig
{
    public const string Section = "londiste";
    public const string LegacySection = "londiste3";

    /// <summary>Every key Londiste or the Skytools framework under it reads; others in the section get a warning.</summary>
    public static readonly IReadOnlySet<string> KnownKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        // londiste
        "db", "queue_name", "pgq_queue_name", "consumer_name", "pgq_consumer_id", "remote_extra_connstr",
        "parallel_copies", "threaded_copy_tables", "threaded_copy_pool_size", "local_only", "local_only_drop_execute",
        "lock_timeout", "compare_sql", "compare_fmt", "node_name", "public_node_location", "initial_provider_location",
        "register_only_tables", "register_only_seqs", "register_skip_tables", "register_skip_seqs", "handler_modules",
        // pgq.CascadedWorker / pgq.Consumer
        "global_wm_publish_period", "local_wm_publish_period", "table_filter", "pgq_lazy_fetch", "pgq_autocommit",
        "pgq_batch_collect_events", "pgq_batch_collect_interval", "pgq_keep_lag", "keepalive_stats",
        // skytools.DBScript / BaseScript
        "connection_lifetime", "loop_delay", "logfile", "pidfile", "job_name", "service_name", "config_format",
        "use_skylog", "skylog_locations", "exception_sleep", "exception_quiet", "exception_grace", "exception_reset",
        "log_size", "log_count", "logfmt_file", "logdatefmt_file", "logfmt_file_verbose", "logdatefmt_file_verbose",
        "logfmt_console", "logdatefmt_console", "logfmt_console_verbose", "logdatefmt_console_verbose",
        "sql_retry", "sql_retry_max_count", "sql_retry_max_time", "sql_retry_formula_a", "sql_retry_formula_b", "sql_retry_formula_cap",
    };

    /// <summary>Which of the two section names the file uses.</summary>
    public static string DetectSection(string fileName)
    {
        var document = IniParser.ParseFile(fileName);
        var hasNew = document.HasSection(Section);
        var hasLegacy = document.HasSection(LegacySection);
        return (hasNew, hasLegacy) switch
        {
            (true, false) => Section,
            (false, true) => LegacySection,
            (true, true) => throw new ConfigException($"config file {fileName} has both [{Section}] and [{LegacySection}]: keep one of them"),
            _ => throw new ConfigException($"config file {fileName} has no [{Section}] (or [{LegacySection}]) section: add one (londiste --ini prints a sample)"),
        };
    }

    public static ScriptConfig Load(string fileName, IReadOnlyDictionary<string, string>? overrides = null) =>
        ScriptConfig.Load(fileName, DetectSection(fileName), overrides);

    /// <summary>Keys of the main section no Londiste part reads (most likely misspelt).</summary>
    public static IReadOnlyList<string> UnknownKeys(ScriptConfig config) =>
        config.OwnKeys.Where(key => !KnownKeys.Contains(key)).ToList();
}
