namespace Londiste.Apply;

/// <summary>
/// A row change could not be applied to the target: the table or a column is missing there, the event lacks a key, or
/// PostgreSQL refused the statement. The message names the table, the column (when one is at fault) and the event
/// id(s). The caller's transaction is unusable afterwards (roll it back; nothing of the batch is kept).
/// </summary>
public sealed class ApplyException : Exception
{
    public ApplyException(string message)
        : base(message)
    {
    }

    public ApplyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal ApplyException(string message, TableName? table, string? column, long firstEventId, long lastEventId, Exception? innerException = null)
        : base(message, innerException)
    {
        Table = table;
        Column = column;
        FirstEventId = firstEventId;
        LastEventId = lastEventId;
    }

    public ApplyException()
    {
    }

    /// <summary>The target table (after mapping), when known.</summary>
    public TableName? Table { get; }

    /// <summary>The column at fault, when one is.</summary>
    public string? Column { get; }

    /// <summary>The event at fault, or the first of the statement's events.</summary>
    public long FirstEventId { get; }

    /// <summary>The last of the statement's events (equal to <see cref="FirstEventId"/> for one event).</summary>
    public long LastEventId { get; }
}
