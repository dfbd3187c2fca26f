namespace PgQ.Events;

/// <summary>
/// A problem found by one of the format parsers, without event context. <see cref="RowChangeDecoder"/> turns it into
/// an <see cref="EventFormatException"/> naming the event and table; it never reaches callers.
/// </summary>
internal sealed class RowFormatError : Exception
{
    public RowFormatError(string message)
        : base(message)
    {
    }

    public RowFormatError(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RowFormatError()
    {
    }
}
