using Microsoft.Extensions.Logging;

namespace Londiste.Compare;

/// <summary>What compare logs, in the original's words where operators know them.</summary>
internal static partial class CompareLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Locking {Table}")]
    public static partial void Locking(ILogger logger, string table);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Syncing {Table}")]
    public static partial void Syncing(ILogger logger, string table);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Counting {Table}")]
    public static partial void Counting(ILogger logger, string table);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "srcdb: {Result}")]
    public static partial void SourceResult(ILogger logger, string result);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "dstdb: {Result}")]
    public static partial void TargetResult(ILogger logger, string result);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "{Table}: Results do not match!")]
    public static partial void Mismatch(ILogger logger, string table);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Table not subscribed: {Table}")]
    public static partial void NotSubscribed(ILogger logger, string table);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Table {Table} not synced yet, no point")]
    public static partial void NotSynced(ILogger logger, string table);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Warning, Message = "Table {Table} not ready yet on provider")]
    public static partial void NotReadyOnProvider(ILogger logger, string table);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "Table not available on provider: {Table}")]
    public static partial void NotOnProvider(ILogger logger, string table);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Provider: {Node} ({Type})")]
    public static partial void Provider(ILogger logger, string node, string type);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "{Table}: {Side} {Percent}% ({Pages} of {TotalPages} pages), ETA {Eta}s")]
    public static partial void Progress(ILogger logger, string table, string side, int percent, long pages, long totalPages, int eta);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "Pausing upstream worker: {Worker}")]
    public static partial void Pausing(ILogger logger, string worker);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Information, Message = "Resuming upstream worker: {Worker}")]
    public static partial void Resuming(ILogger logger, string worker);

    [LoggerMessage(EventId = 5015, Level = LogLevel.Warning, Message = "Ignoring some columns")]
    public static partial void IgnoringColumns(ILogger logger);

    [LoggerMessage(EventId = 5016, Level = LogLevel.Warning, Message = "Consumer lagging too much, going on anyway (--force)")]
    public static partial void LaggingForced(ILogger logger);

    [LoggerMessage(EventId = 5017, Level = LogLevel.Debug, Message = "{Table}: checksum over the row's text (columns or types differ, or a type has no hash function)")]
    public static partial void TextChecksum(ILogger logger, string table);
}
