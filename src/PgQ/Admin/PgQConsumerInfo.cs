namespace PgQ;

/// <summary>One row of <c>pgq.get_consumer_info()</c>: where a consumer is on a queue.</summary>
/// <param name="QueueName">Queue name.</param>
/// <param name="ConsumerName">
/// Consumer name. Names starting with a dot (<c>.global_watermark</c>, <c>.node.watermark</c>) are a cascade's
/// internal position keepers, not applications.
/// </param>
/// <param name="Lag">Time since the tick the consumer last finished.</param>
/// <param name="LastSeen">Time since the consumer last asked for or finished a batch.</param>
/// <param name="LastTick">The tick the consumer last finished: the start of its next batch.</param>
/// <param name="CurrentBatch">The batch it is processing, or null.</param>
/// <param name="NextTick">The end tick of that batch, or null.</param>
/// <param name="PendingEvents">Events between its last tick and the newest tick (a sequence-based estimate).</param>
public sealed record PgQConsumerInfo(
    string QueueName,
    string ConsumerName,
    TimeSpan? Lag,
    TimeSpan? LastSeen,
    long? LastTick,
    long? CurrentBatch,
    long? NextTick,
    long? PendingEvents);
