using Microsoft.Extensions.Logging;

namespace Londiste.Worker;

/// <summary>Worker and copy log messages; event ids 3000-3099 belong to the worker (never renumber, only add).</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Worker {ConsumerName} starting on queue {QueueName}")]
    public static partial void Starting(ILogger logger, string consumerName, string queueName);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Worker {ConsumerName} stopped")]
    public static partial void Stopped(ILogger logger, string consumerName);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "{ConsumerName} crashed: {Error}; retrying in {Delay}")]
    public static partial void Crashed(ILogger logger, Exception exception, string consumerName, string error, TimeSpan delay);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "{{count: {Count}, ignored_events: {Ignored}, tick_id: {TickId}, duration: {Duration:F3}}}")]
    public static partial void BatchStats(ILogger logger, long count, long ignored, long tickId, double duration);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "{{standby: 1}}")]
    public static partial void Standby(ILogger logger);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Batch {PrevTick}..{Tick} already applied on this node, finishing it on the provider")]
    public static partial void BatchAlreadyApplied(ILogger logger, long prevTick, long tick);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Table {Table} not available on provider")]
    public static partial void TableNotOnProvider(ILogger logger, string table);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Table {Table} not OK on provider, waiting")]
    public static partial void TableNotOkOnProvider(ILogger logger, string table);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Dropping fkey: {FkeyName}")]
    public static partial void DroppingFkey(ILogger logger, string fkeyName);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Creating fkey: {FkeyName} ({FromTable} --> {ToTable})")]
    public static partial void CreatingFkey(ILogger logger, string fkeyName, string fromTable, string toTable);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "{Table}: state {State}")]
    public static partial void TableState(ILogger logger, string table, string state);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Launching copy of {Table}")]
    public static partial void LaunchingCopy(ILogger logger, string table);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "ignoring truncate for {Table}")]
    public static partial void IgnoringTruncate(ILogger logger, string table);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "Executing: {FileName}")]
    public static partial void Executing(ILogger logger, string fileName);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Warning, Message = "Skipping execution of '{FileName}'")]
    public static partial void ExecuteSkipped(ILogger logger, string fileName);

    [LoggerMessage(EventId = 3028, Level = LogLevel.Information, Message = "{FileName}: execution not needed on this node")]
    public static partial void ExecuteNotNeeded(ILogger logger, string fileName);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Error, Message = "copy_sync: lost table: {Table}")]
    public static partial void CopyLostTable(ILogger logger, string table);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Information, Message = "Using '{Node}' as source node")]
    public static partial void CopySource(ILogger logger, string node);

    [LoggerMessage(EventId = 3017, Level = LogLevel.Information, Message = "Starting full copy of {Table}")]
    public static partial void CopyStarting(ILogger logger, string table);

    [LoggerMessage(EventId = 3018, Level = LogLevel.Information, Message = "{Table}: truncating")]
    public static partial void CopyTruncating(ILogger logger, string table);

    [LoggerMessage(EventId = 3019, Level = LogLevel.Information, Message = "{Table}: skipping truncate")]
    public static partial void CopySkippingTruncate(ILogger logger, string table);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information,
        Message = "{Table}: {Rows} rows, {Megabytes:F1} MB copied, {Rate:F1} MB/s, ETA {Eta}")]
    public static partial void CopyProgress(ILogger logger, string table, long rows, double megabytes, double rate, string eta);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information,
        Message = "{Table}: copy finished: {Bytes} bytes, {Rows} rows in {Seconds:F1} s ({Format})")]
    public static partial void CopyFinished(ILogger logger, string table, long bytes, long rows, double seconds, string format);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Information, Message = "{Table}: dropped {Count} indexes for the copy, recreating them")]
    public static partial void CopyRecreatingIndexes(ILogger logger, string table, int count);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Warning, Message = "Table {Table} column {Column} does not exist on {Side}")]
    public static partial void CopyColumnMissing(ILogger logger, string table, string column, string side);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Information, Message = "{Table}: copy task finished, table is in sync")]
    public static partial void CopyDone(ILogger logger, string table);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Warning, Message = "Failure to call pgq_node.set_consumer_error(): {Error}")]
    public static partial void SetErrorFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 3026, Level = LogLevel.Information, Message = "parallel_copies changed to {ParallelCopies}")]
    public static partial void OptionsReloaded(ILogger logger, int parallelCopies);

    [LoggerMessage(EventId = 3028, Level = LogLevel.Information, Message = "{Table}: copying only the rows where {Condition}")]
    public static partial void CopyCondition(ILogger logger, string table, string condition);

    [LoggerMessage(EventId = 3027, Level = LogLevel.Information, Message = "Waiting for the node to be initialized for queue {QueueName}")]
    public static partial void NodeNotInitialized(ILogger logger, string queueName);
}
