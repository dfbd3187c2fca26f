using Microsoft.Extensions.Logging;

namespace PgQ.Internal;

/// <summary>
/// Consumer log messages. Event ids are stable (operators filter and alert on them): 1000-1099 belong to the
/// consumer; never renumber, only add.
/// </summary>
internal static partial class ConsumerLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Consumer {ConsumerName} starting on queue {QueueName}")]
    public static partial void Starting(ILogger logger, string consumerName, string queueName);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Registering consumer {ConsumerName} on source queue {QueueName}")]
    public static partial void Registering(ILogger logger, string consumerName, string queueName);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Unregistering consumer {ConsumerName} from source queue {QueueName}")]
    public static partial void Unregistering(ILogger logger, string consumerName, string queueName);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug,
        Message = "Batch {BatchId} (ticks {PrevTickId}..{TickId}) finished: {EventCount} events read, {RetryCount} put into the retry queue")]
    public static partial void BatchFinished(ILogger logger, long batchId, long prevTickId, long tickId, long eventCount, int retryCount);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error,
        Message = "Consumer {ConsumerName} on queue {QueueName} crashed on batch {BatchId}; the batch is not finished and will be delivered again in {Delay}")]
    public static partial void BatchFailed(ILogger logger, Exception exception, string consumerName, string queueName, long batchId, TimeSpan delay);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error,
        Message = "Consumer {ConsumerName} on queue {QueueName} crashed; retrying in {Delay}")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string consumerName, string queueName, TimeSpan delay);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information,
        Message = "Consumer {ConsumerName} on queue {QueueName} stopped; an unfinished batch stays with the queue")]
    public static partial void Stopped(ILogger logger, string consumerName, string queueName);
}
