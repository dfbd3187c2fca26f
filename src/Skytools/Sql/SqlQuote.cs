namespace Skytools.Sql;

/// <summary>Identifier quoting, as Skytools' quote_ident/quote_fqident: always quoted, so any name is safe in SQL text.</summary>
public static class SqlQuote
{
    /// <summary><c>a"b</c> → <c>"a""b"</c>.</summary>
    public static string Ident(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// A possibly schema-qualified name as the PgQ maintenance API hands it out unquoted
    /// (<c>pgq.maint_rotate_tables_step1</c>, <c>pgq.tick</c>): split at the first dot, each part quoted.
    /// A name without a schema stays unqualified (the search_path decides, as when it was written).
    /// </summary>
    public static string QualifiedIdent(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? Ident(name) : Ident(name[..dot]) + "." + Ident(name[(dot + 1)..]);
    }
}
