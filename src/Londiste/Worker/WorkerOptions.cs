namespace Londiste.Worker;

/// <summary>
/// Settings of one replication worker (the <c>[londiste]</c> section of a worker's .ini, mapped by the CLI).
/// Names and defaults follow the original's keys (<c>db</c>, <c>queue_name</c>, <c>job_name</c>, <c>loop_delay</c>,
/// <c>parallel_copies</c>, <c>lock_timeout</c>, <c>pgq_lazy_fetch</c>, <c>exception_sleep</c>, ...).
/// </summary>
public sealed record WorkerOptions
{
    /// <summary><c>db</c>: the local node's database (libpq or Npgsql connection string).</summary>
    public required string NodeConnectionString { get; init; }

    /// <summary><c>queue_name</c>: the cascaded queue.</summary>
    public required string QueueName { get; init; }

    /// <summary><c>job_name</c> / <c>consumer_name</c>: the worker's consumer name on the provider.</summary>
    public required string ConsumerName { get; init; }

    /// <summary><c>loop_delay</c>: sleep when there is no batch (root: ten times this).</summary>
    public TimeSpan LoopDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>parallel_copies</c>: tables copied at once (in-copy .. do-sync count); at least 1. Applied on reload.</summary>
    public int ParallelCopies { get; init; } = 1;

    /// <summary><c>lock_timeout</c>: how long the copy waits for the lock on the table it copies into.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>pgq_lazy_fetch</c>: events per cursor fetch; 0 reads the whole batch at once.</summary>
    public int PgqLazyFetch { get; init; } = 300;

    /// <summary>
    /// <c>pgq_batch_collect_events</c>: about how many events a batch that merges ticks aims at (see
    /// <see cref="ProviderQueue.NextBatchAsync"/>); ticks are merged only while the worker is behind and every table is
    /// <c>ok</c>. 0 (the key's default) means <see cref="ProviderQueue.MergedBatchEvents"/>.
    /// </summary>
    public int BatchCollectEvents { get; init; }

    /// <summary>The merged batch size in effect.</summary>
    public int MergedBatchEvents => BatchCollectEvents > 0 ? BatchCollectEvents : ProviderQueue.MergedBatchEvents;

    /// <summary><c>exception_sleep</c>: first back-off after an error; doubles up to <see cref="MaxErrorDelay"/>.</summary>
    public TimeSpan ErrorDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Longest back-off after repeated errors.</summary>
    public TimeSpan MaxErrorDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary><c>remote_extra_connstr</c>: appended (libpq syntax) to connection strings of other nodes.</summary>
    public string RemoteExtraConnectionString { get; init; } = "";

    /// <summary><c>local_wm_publish_period</c>: how often a non-root node reports its watermark upstream.</summary>
    public TimeSpan LocalWatermarkPublishPeriod { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>global_wm_publish_period</c>: how often the root publishes the global watermark.</summary>
    public TimeSpan GlobalWatermarkPublishPeriod { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>register_only_tables</c>: if not empty, <c>londiste.add-table</c> events register only these tables in the local set.</summary>
    public IReadOnlyList<string> RegisterOnlyTables { get; init; } = [];

    /// <summary><c>register_skip_tables</c>: <c>londiste.add-table</c> events for these tables are ignored.</summary>
    public IReadOnlyList<string> RegisterSkipTables { get; init; } = [];

    /// <summary>How long a worker waiting for a table hand-over sleeps between looks (the original: 3 s); a state change wakes it sooner.</summary>
    public TimeSpan SyncPollInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a running copy logs its progress.</summary>
    public TimeSpan CopyProgressInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <exception cref="ArgumentException">A setting is out of range; the message names the .ini key.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeConnectionString))
        {
            throw new ArgumentException("\"db\" not specified in config", nameof(NodeConnectionString));
        }
        if (string.IsNullOrWhiteSpace(QueueName))
        {
            throw new ArgumentException("\"queue_name\" not specified in config", nameof(QueueName));
        }
        if (string.IsNullOrWhiteSpace(ConsumerName))
        {
            throw new ArgumentException("\"job_name\" not specified in config", nameof(ConsumerName));
        }
        if (ParallelCopies < 1)
        {
            throw new ArgumentException($"Bad value for parallel_copies: {ParallelCopies}", nameof(ParallelCopies));
        }
        if (PgqLazyFetch < 0)
        {
            throw new ArgumentException($"Bad value for pgq_lazy_fetch: {PgqLazyFetch}", nameof(PgqLazyFetch));
        }
        if (LoopDelay < TimeSpan.Zero || ErrorDelay < TimeSpan.Zero || LockTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException("loop_delay, exception_sleep and lock_timeout must not be negative");
        }
    }
}
