using System.Globalization;
using System.Text;

namespace Londiste.Tests.PgqNode;

/// <summary>
/// The result of one statement as comparable text: its rows with column names, or the error's
/// SQLSTATE and message. Values are rendered the way psql shows them (t/f, {a,b}, empty for NULL).
/// </summary>
public sealed class SqlOutcome
{
    public SqlOutcome(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, string? error)
    {
        Rows = rows;
        Error = error;
    }

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows { get; }

    /// <summary>"SQLSTATE: message" when the statement failed.</summary>
    public string? Error { get; }

    /// <summary>The single row's value of <paramref name="column"/>.</summary>
    public object? this[string column] => Assert.Single(Rows)[column];

    /// <summary>ret_code of the single row.</summary>
    public int Code => (int)this["ret_code"]!;

    public string? Note => (string?)this["ret_note"];

    public override string ToString()
    {
        if (Error is not null)
        {
            return "ERROR " + Error;
        }
        var text = new StringBuilder();
        foreach (var row in Rows)
        {
            text.AppendJoin(" | ", row.Select(c => $"{c.Key}={Render(c.Value)}")).Append('\n');
        }
        return text.Length == 0 ? "(no rows)" : text.ToString();
    }

    public static string Render(object? value) => value switch
    {
        null or DBNull => "",
        bool b => b ? "t" : "f",
        string s => s,
        Array a => "{" + string.Join(",", a.Cast<object?>().Select(Render)) + "}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
