namespace PgQ;

/// <summary>
/// What a producer puts into a queue: the event's type, data and four extra fields. The queue assigns the rest
/// (<c>ev_id</c>, <c>ev_time</c>, <c>ev_txid</c>) when the event is inserted.
/// </summary>
/// <param name="Type"><c>ev_type</c>.</param>
/// <param name="Data"><c>ev_data</c>.</param>
/// <param name="Extra1"><c>ev_extra1</c>.</param>
/// <param name="Extra2"><c>ev_extra2</c>.</param>
/// <param name="Extra3"><c>ev_extra3</c>.</param>
/// <param name="Extra4"><c>ev_extra4</c>.</param>
public sealed record PgQEventPayload(
    string? Type,
    string? Data,
    string? Extra1 = null,
    string? Extra2 = null,
    string? Extra3 = null,
    string? Extra4 = null)
{
    /// <summary>True when any extra field is set (then the 7-argument <c>pgq.insert_event</c> is needed).</summary>
    internal bool HasExtras => Extra1 is not null || Extra2 is not null || Extra3 is not null || Extra4 is not null;
}
