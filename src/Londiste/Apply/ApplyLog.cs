using Microsoft.Extensions.Logging;

namespace Londiste.Apply;

internal static partial class ApplyLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "Target table {Table}: columns loaded")]
    public static partial void TableLoaded(ILogger logger, TableName table);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "{Missing} of {Count} {Operation} events (ids {First}..{Last}) on {Table} found no row")]
    public static partial void RowsMissing(ILogger logger, long missing, int count, string operation, long first, long last, TableName table);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Truncating {Table}")]
    public static partial void Truncating(ILogger logger, TableName table);
}
