namespace PgQ.Events;

/// <summary>
/// A trigger event whose <c>ev_type</c>, <c>ev_data</c> or <c>ev_extra</c> fields cannot be decoded. The message names
/// the event id, the table and what is wrong; every decoding failure is reported with this one type.
/// </summary>
public sealed class EventFormatException : Exception
{
    /// <summary>Creates the exception for event <paramref name="eventId"/> of table <paramref name="table"/>.</summary>
    public EventFormatException(long eventId, string? table, string problem, Exception? innerException = null)
        : base($"Event {eventId} (table {table ?? "<unknown>"}): {problem}", innerException)
    {
        EventId = eventId;
        Table = table;
        Problem = problem;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public EventFormatException(string message)
        : base(message)
    {
        Problem = message;
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public EventFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    /// <summary>Creates the exception without details.</summary>
    public EventFormatException()
        : this("malformed event")
    {
    }

    /// <summary><c>ev_id</c> of the malformed event (0 when decoding without an event).</summary>
    public long EventId { get; }

    /// <summary>The table named by the event (<c>ev_extra1</c>), when known.</summary>
    public string? Table { get; }

    /// <summary>What is wrong, without the event id and table.</summary>
    public string Problem { get; }
}
