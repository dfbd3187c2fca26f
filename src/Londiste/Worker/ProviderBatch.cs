namespace Londiste.Worker;

/// <summary>A batch handed out by the provider's queue: the events committed between two ticks.</summary>
internal sealed record ProviderBatch(long BatchId, long PrevTickId, long TickId, DateTimeOffset TickTime);
