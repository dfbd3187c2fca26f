namespace PgQ.Events;

/// <summary>One column of a decoded row.</summary>
/// <param name="Name">The column name as PostgreSQL stores it (unquoted, case kept).</param>
/// <param name="Value">The value as PostgreSQL text (type input syntax); null for SQL NULL, distinct from <c>""</c>.</param>
public readonly record struct ColumnValue(string Name, string? Value);
