namespace Londiste.Apply;

/// <summary>Quoting for identifiers pasted into generated statements (values always travel as parameters).</summary>
internal static class Sql
{
    /// <summary>Always quotes, as the identifier may be a keyword, mixed case or hold any character.</summary>
    public static string QuoteIdent(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
