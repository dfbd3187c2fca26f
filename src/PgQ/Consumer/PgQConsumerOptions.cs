namespace PgQ;

/// <summary>Settings of a <see cref="PgQConsumer"/>; the names follow the original consumer's config keys where one exists.</summary>
public sealed record PgQConsumerOptions
{
    /// <summary>Queue to read (<c>queue_name</c>).</summary>
    public required string QueueName { get; init; }

    /// <summary>Consumer name the queue knows this consumer by (<c>consumer_name</c>); its position is stored under it.</summary>
    public required string ConsumerName { get; init; }

    /// <summary>Register the consumer when <see cref="PgQConsumer.RunAsync"/> starts (harmless when already registered).</summary>
    public bool RegisterOnStart { get; init; }

    /// <summary>
    /// Events fetched per round trip from the batch cursor (<c>pgq_lazy_fetch</c>, default 300): at most this many
    /// events of a batch are held in memory at once, however large the batch is.
    /// </summary>
    public int FetchSize { get; init; } = 300;

    /// <summary>How long to sleep when no batch is ready (<c>loop_delay</c>, default 1 s); <see cref="PgQConsumer.Wake"/> cuts it short.</summary>
    public TimeSpan LoopDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First wait after a failed batch or a database error; doubled after each further failure up to <see cref="MaxErrorDelay"/>.</summary>
    public TimeSpan ErrorDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts after repeated failures (the original waits a fixed 20 s).</summary>
    public TimeSpan MaxErrorDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Only take a batch whose end tick is at least this old (<c>pgq_keep_lag</c>): the consumer stays this far behind.</summary>
    public TimeSpan? MinLag { get; init; }

    /// <summary>Merge ticks into one batch until it holds about this many events (<c>pgq_batch_collect_events</c>).</summary>
    public int? MinCount { get; init; }

    /// <summary>Merge ticks into one batch until it spans at least this long (<c>pgq_batch_collect_interval</c>).</summary>
    public TimeSpan? MinInterval { get; init; }

    /// <summary>Whether the handler's writes share the transaction that finishes the batch; see <see cref="BatchTransactionMode"/>.</summary>
    public BatchTransactionMode TransactionMode { get; init; } = BatchTransactionMode.Separate;

    /// <summary>True when a custom batch size or lag is asked for (then <c>pgq.next_batch_custom</c> is used).</summary>
    internal bool IsCustomBatch => MinLag is not null || MinCount is not null || MinInterval is not null;

    /// <summary>Throws one clear <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(QueueName))
        {
            throw new ArgumentException("PgQConsumerOptions.QueueName is empty: set the queue to consume", nameof(QueueName));
        }
        if (string.IsNullOrWhiteSpace(ConsumerName))
        {
            throw new ArgumentException("PgQConsumerOptions.ConsumerName is empty: set the name this consumer registers under", nameof(ConsumerName));
        }
        if (FetchSize < 1)
        {
            throw new ArgumentException($"PgQConsumerOptions.FetchSize is {FetchSize}: it must be at least 1", nameof(FetchSize));
        }
        if (LoopDelay < TimeSpan.Zero || ErrorDelay < TimeSpan.Zero || MaxErrorDelay < ErrorDelay)
        {
            throw new ArgumentException("PgQConsumerOptions delays must not be negative and MaxErrorDelay must be at least ErrorDelay", nameof(LoopDelay));
        }
        if (MinCount is < 1)
        {
            throw new ArgumentException($"PgQConsumerOptions.MinCount is {MinCount}: leave it null or make it at least 1", nameof(MinCount));
        }
    }
}
