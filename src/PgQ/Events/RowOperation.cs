namespace PgQ.Events;

/// <summary>What a trigger event did to its table.</summary>
public enum RowOperation
{
    /// <summary>A row was inserted (<c>I</c>, <c>I:..</c>, <c>"op":"INSERT"</c>).</summary>
    Insert,

    /// <summary>A row was updated (<c>U</c>, <c>U:..</c>, <c>"op":"UPDATE"</c>).</summary>
    Update,

    /// <summary>A row was deleted (<c>D</c>, <c>D:..</c>, <c>"op":"DELETE"</c>).</summary>
    Delete,

    /// <summary>The table was truncated (<c>R</c>, <c>"op":"TRUNCATE"</c>); the event carries no row.</summary>
    Truncate,
}
