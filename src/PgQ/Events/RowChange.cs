namespace PgQ.Events;

/// <summary>
/// A row change decoded from a trigger event (<c>pgq.logutriga</c>, <c>pgq.jsontriga</c> or <c>pgq.sqltriga</c>) by
/// <see cref="RowChangeDecoder"/>. Values are PostgreSQL text that the column type's input accepts; SQL NULL is a
/// null value, distinct from the empty string.
/// </summary>
public sealed class RowChange
{
    internal RowChange(
        long eventId,
        RowChangeFormat format,
        RowOperation operation,
        string schema,
        string table,
        IReadOnlyList<string> keyColumns,
        RowValues columns,
        RowValues keyValues,
        RowValues? oldColumns)
    {
        EventId = eventId;
        Format = format;
        Operation = operation;
        Schema = schema;
        Table = table;
        KeyColumns = keyColumns;
        Columns = columns;
        KeyValues = keyValues;
        OldColumns = oldColumns;
    }

    /// <summary><c>ev_id</c> of the event.</summary>
    public long EventId { get; }

    /// <summary>Which trigger format the event was written in.</summary>
    public RowChangeFormat Format { get; }

    /// <summary>Insert, update, delete or truncate.</summary>
    public RowOperation Operation { get; }

    /// <summary>Schema name, unquoted (<c>public</c> when the event names a table without schema).</summary>
    public string Schema { get; }

    /// <summary>Table name, unquoted.</summary>
    public string Table { get; }

    /// <summary>
    /// Primary-key column names: from <c>ev_type</c> (urlencoded, JSON), or from the WHERE part of an SQL update or
    /// delete. Empty for truncate, for a table without key, and for an SQL insert (its fragment does not say).
    /// </summary>
    public IReadOnlyList<string> KeyColumns { get; }

    /// <summary>
    /// The row the event carries: the new row for insert and update, the deleted row for delete, empty for truncate.
    /// An SQL-fragment update carries only the changed columns (its SET list) and an SQL-fragment delete only the key.
    /// </summary>
    public RowValues Columns { get; }

    /// <summary>
    /// The key of the row as it was before the change, in <see cref="KeyColumns"/> order: the WHERE values of an SQL
    /// update or delete; for an update whose <c>ev_extra2</c> holds the key columns (the <c>backup</c> old row, or the
    /// old key that our triggers write when an update changes the key) the values from there; otherwise the key columns
    /// taken from <see cref="Columns"/>. Empty when there is no key.
    /// </summary>
    public RowValues KeyValues { get; }

    /// <summary>
    /// The whole old row from <c>ev_extra2</c>: the triggers write it for an update when given the <c>backup</c>
    /// argument (JSON object or urlencoded). Null when <c>ev_extra2</c> is null.
    /// </summary>
    public RowValues? OldColumns { get; }

    /// <summary><c>schema.table</c> as the triggers write it in <c>ev_extra1</c> (unquoted).</summary>
    public string QualifiedName => Schema + "." + Table;
}
