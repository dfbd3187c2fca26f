using Skytools.Config;

namespace Londiste.Configuration;

/// <summary>
/// The keys of a Londiste 3 config file with the original's defaults (checked against
/// `londiste --ini` 3.11 and the keys its scripts read). Read once per config version: the worker
/// takes a new instance after each reload.
/// </summary>
public sealed class LondisteSettings
{
    private LondisteSettings(ScriptConfig config)
    {
        Config = config;
    }

    /// <summary>The config these settings were read from (for keys a part reads itself).</summary>
    public ScriptConfig Config { get; }

    public string FileName => Config.FileName;
    public string Section => Config.MainSection;
    public required string JobName { get; init; }
    /// <summary>Connection string (libpq form) of the local node's database.</summary>
    public required string Db { get; init; }
    public required string QueueName { get; init; }
    /// <summary>The name of this node's worker on the queue; the original uses the job name.</summary>
    public required string ConsumerName { get; init; }
    public required string LogFile { get; init; }
    public required string PidFile { get; init; }
    public required TimeSpan LoopDelay { get; init; }
    public required TimeSpan ExceptionSleep { get; init; }
    public required TimeSpan ConnectionLifetime { get; init; }
    public required string RemoteExtraConnstr { get; init; }
    public required int ParallelCopies { get; init; }
    public required IReadOnlyList<string> ThreadedCopyTables { get; init; }
    public required int ThreadedCopyPoolSize { get; init; }
    public required bool LocalOnly { get; init; }
    public required bool LocalOnlyDropExecute { get; init; }
    public required TimeSpan LockTimeout { get; init; }
    public required string CompareSql { get; init; }
    public required string CompareFormat { get; init; }
    public required string NodeName { get; init; }
    public required string PublicNodeLocation { get; init; }
    public required string InitialProviderLocation { get; init; }
    public required IReadOnlyList<string> RegisterOnlyTables { get; init; }
    public required IReadOnlyList<string> RegisterOnlySeqs { get; init; }
    public required IReadOnlyList<string> RegisterSkipTables { get; init; }
    public required IReadOnlyList<string> RegisterSkipSeqs { get; init; }
    public required TimeSpan GlobalWatermarkPublishPeriod { get; init; }
    public required TimeSpan LocalWatermarkPublishPeriod { get; init; }
    public required IReadOnlyList<string> TableFilter { get; init; }
    /// <summary>Events fetched per round trip from a batch cursor; 0 reads the whole batch at once.</summary>
    public required int PgqLazyFetch { get; init; }
    public required bool PgqAutocommit { get; init; }
    public required int PgqBatchCollectEvents { get; init; }
    public required string PgqBatchCollectInterval { get; init; }
    public required string PgqKeepLag { get; init; }
    public required TimeSpan KeepaliveStats { get; init; }

    /// <summary>Reads and checks every key; a missing required key or a bad value is a <see cref="ConfigException"/> naming key and file.</summary>
    public static LondisteSettings FromConfig(ScriptConfig config)
    {
        var queueName = config.GetString("pgq_queue_name", "");
        if (queueName.Length == 0)
        {
            queueName = Required(config, "queue_name");
        }
        var jobName = Required(config, "job_name");
        return new LondisteSettings(config)
        {
            JobName = jobName,
            Db = Required(config, "db"),
            QueueName = queueName,
            ConsumerName = config.GetString("consumer_name", jobName),
            LogFile = config.GetFile("logfile", ""),
            PidFile = config.GetFile("pidfile", ""),
            LoopDelay = config.GetSeconds("loop_delay", TimeSpan.FromSeconds(1)),
            ExceptionSleep = config.GetSeconds("exception_sleep", TimeSpan.FromSeconds(20)),
            ConnectionLifetime = config.GetSeconds("connection_lifetime", TimeSpan.FromSeconds(1200)),
            RemoteExtraConnstr = config.GetString("remote_extra_connstr", ""),
            ParallelCopies = Positive(config, "parallel_copies", 1),
            ThreadedCopyTables = config.GetList("threaded_copy_tables", []),
            ThreadedCopyPoolSize = Positive(config, "threaded_copy_pool_size", 1),
            LocalOnly = config.GetBool("local_only", false),
            LocalOnlyDropExecute = config.GetBool("local_only_drop_execute", false),
            LockTimeout = config.GetSeconds("lock_timeout", TimeSpan.FromSeconds(10)),
            CompareSql = config.GetString("compare_sql", DefaultCompareSql),
            CompareFormat = config.GetString("compare_fmt", DefaultCompareFormat),
            NodeName = config.GetString("node_name", ""),
            PublicNodeLocation = config.GetString("public_node_location", ""),
            InitialProviderLocation = config.GetString("initial_provider_location", ""),
            RegisterOnlyTables = config.GetList("register_only_tables", []),
            RegisterOnlySeqs = config.GetList("register_only_seqs", []),
            RegisterSkipTables = config.GetList("register_skip_tables", []),
            RegisterSkipSeqs = config.GetList("register_skip_seqs", []),
            GlobalWatermarkPublishPeriod = config.GetSeconds("global_wm_publish_period", TimeSpan.FromSeconds(300)),
            LocalWatermarkPublishPeriod = config.GetSeconds("local_wm_publish_period", TimeSpan.FromSeconds(300)),
            TableFilter = config.GetList("table_filter", []),
            PgqLazyFetch = NotNegative(config, "pgq_lazy_fetch", 300),
            PgqAutocommit = config.GetInt("pgq_autocommit", 0) != 0,
            PgqBatchCollectEvents = NotNegative(config, "pgq_batch_collect_events", 0),
            PgqBatchCollectInterval = config.GetString("pgq_batch_collect_interval", ""),
            PgqKeepLag = config.GetString("pgq_keep_lag", ""),
            KeepaliveStats = config.GetSeconds("keepalive_stats", TimeSpan.FromSeconds(300)),
        };
    }

    public const string DefaultCompareSql = "select count(1) as cnt, sum(hashtext(t.*::text)) as chksum from only _TABLE_ t";
    public const string DefaultCompareFormat = "%(cnt)d rows, checksum=%(chksum)s";

    private static string Required(ScriptConfig config, string key)
    {
        var value = config.GetString(key, "");
        if (value.Trim().Length == 0)
        {
            throw new ConfigException($"{config.FileName}: [{config.MainSection}] {key} is not set: add '{key} = ...' to [{config.MainSection}] (londiste --ini prints a sample)");
        }
        return value.Trim();
    }

    private static int Positive(ScriptConfig config, string key, int defaultValue)
    {
        var value = config.GetInt(key, defaultValue);
        return value >= 1 ? value : throw new ConfigException($"{config.FileName}: [{config.MainSection}] {key} = {value} must be at least 1: fix the value");
    }

    private static int NotNegative(ScriptConfig config, string key, int defaultValue)
    {
        var value = config.GetInt(key, defaultValue);
        return value >= 0 ? value : throw new ConfigException($"{config.FileName}: [{config.MainSection}] {key} = {value} must not be negative: fix the value");
    }
}
