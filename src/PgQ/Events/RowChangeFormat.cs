namespace PgQ.Events;

/// <summary>Which trigger wrote an event, told apart by the shape of <c>ev_type</c>.</summary>
public enum RowChangeFormat
{
    /// <summary><c>pgq.logutriga</c>: <c>ev_type</c> <c>I:pk1,pk2</c>, <c>ev_data</c> urlencoded (<c>k=v&amp;k2&amp;k3=</c>).</summary>
    UrlEncoded,

    /// <summary><c>pgq.jsontriga</c>: <c>ev_type</c> and <c>ev_data</c> are JSON objects.</summary>
    Json,

    /// <summary>
    /// <c>pgq.sqltriga</c>: <c>ev_type</c> one letter, <c>ev_data</c> an SQL fragment. A truncate event <c>R</c> is
    /// reported with this format whichever of logutriga and sqltriga wrote it: both write the same <c>R</c> with empty
    /// data, and Londiste also treats a one-letter type as an SQL event.
    /// </summary>
    Sql,
}
