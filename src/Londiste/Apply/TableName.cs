namespace Londiste.Apply;

/// <summary>A table name as PostgreSQL stores it: schema and table, unquoted, case kept.</summary>
/// <param name="Schema">Schema name.</param>
/// <param name="Name">Table name.</param>
public sealed record TableName(string Schema, string Name)
{
    /// <summary>
    /// Reads <c>schema.table</c> the way the triggers write <c>ev_extra1</c> and Londiste writes table names: split at
    /// the first dot, a name without dot is in <c>public</c>. Nothing is unquoted.
    /// </summary>
    public static TableName Parse(string qualifiedName)
    {
        ArgumentException.ThrowIfNullOrEmpty(qualifiedName);
        var dot = qualifiedName.IndexOf('.');
        if (dot < 0)
        {
            return new TableName("public", qualifiedName);
        }

        if (dot == 0 || dot == qualifiedName.Length - 1)
        {
            throw new ArgumentException($"\"{qualifiedName}\" is not a table name (schema.table)", nameof(qualifiedName));
        }

        return new TableName(qualifiedName[..dot], qualifiedName[(dot + 1)..]);
    }

    /// <summary>The name quoted for SQL: <c>"Schema"."Table"</c>.</summary>
    public string Quoted => Sql.QuoteIdent(Schema) + "." + Sql.QuoteIdent(Name);

    /// <inheritdoc />
    public override string ToString() => Schema + "." + Name;
}
