namespace PgQ;

/// <summary>
/// One event as a consumer receives it: a row of the queue's event table, ordered by <see cref="Id"/> inside a batch.
/// Property names map one to one to PgQ's columns (<c>ev_id</c>, <c>ev_time</c>, <c>ev_txid</c>, <c>ev_retry</c>,
/// <c>ev_type</c>, <c>ev_data</c>, <c>ev_extra1</c>..<c>ev_extra4</c>).
/// </summary>
/// <param name="Id"><c>ev_id</c>: unique per queue, kept when the event comes back from the retry queue.</param>
/// <param name="Time"><c>ev_time</c>: when the producer inserted it (the producer transaction's <c>now()</c>).</param>
/// <param name="TxId"><c>ev_txid</c>: the transaction that inserted it (for a retried event, the maintenance transaction that re-queued it).</param>
/// <param name="RetryCount"><c>ev_retry</c>: null for a new event, otherwise how many times it was put into the retry queue.</param>
/// <param name="Type"><c>ev_type</c>: free text chosen by the producer.</param>
/// <param name="Data"><c>ev_data</c>: the payload.</param>
/// <param name="Extra1"><c>ev_extra1</c> (triggers put the table name here).</param>
/// <param name="Extra2"><c>ev_extra2</c>.</param>
/// <param name="Extra3"><c>ev_extra3</c>.</param>
/// <param name="Extra4"><c>ev_extra4</c>.</param>
public sealed record PgQEvent(
    long Id,
    DateTimeOffset Time,
    long TxId,
    int? RetryCount,
    string? Type,
    string? Data,
    string? Extra1,
    string? Extra2,
    string? Extra3,
    string? Extra4);
