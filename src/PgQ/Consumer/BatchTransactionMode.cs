namespace PgQ;

/// <summary>How a batch handler's own writes relate to <c>pgq.finish_batch</c>.</summary>
public enum BatchTransactionMode
{
    /// <summary>
    /// The handler writes somewhere else (another database, a file, a service). The batch is finished after the
    /// handler returns, in the consumer's own transaction; a crash between the handler's write and that finish
    /// re-delivers the batch, so delivery is at least once. Make the handler idempotent, or store
    /// <see cref="PgQBatch.TickId"/> with the written data and skip a batch whose tick is already stored (the
    /// pattern Londiste uses between databases).
    /// </summary>
    Separate,

    /// <summary>
    /// The handler writes to the queue's own database through <see cref="PgQBatch.Connection"/>, inside
    /// <see cref="PgQBatch.Transaction"/>; that transaction also records retries and finishes the batch, so the
    /// handler's writes and the batch's completion commit together or not at all: exactly once.
    /// </summary>
    Shared,
}
