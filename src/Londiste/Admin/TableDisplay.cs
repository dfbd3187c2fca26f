using System.Globalization;
using System.Text;

namespace Londiste.Admin;

/// <summary>
/// The original's table layout (tables, seqs, members, missing): a title line, column names, dashes;
/// every column but the last padded to its widest value (at least 15) plus two spaces; values printed as
/// Python prints them (None, True, False); a blank line after the rows. No rows: nothing at all.
/// As in the original, widths come from the raw values even where a column is shown reformatted.
/// </summary>
public static class TableDisplay
{
    private const int MinimumWidth = 15;

    /// <param name="format">how a column's raw value is shown (column index, raw value), or null to show it as it is</param>
    public static string Render(string title, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<object?>> rows, Func<int, object?, object?>? format = null)
    {
        if (rows.Count == 0)
        {
            return "";
        }
        var widths = columns.Select(_ => MinimumWidth).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var length = IsTruthy(row[i]) ? Text(row[i]).Length : 0;
                widths[i] = Math.Max(widths[i], length);
            }
        }
        var output = new StringBuilder();
        if (title.Length > 0)
        {
            output.Append(title).Append('\n');
        }
        AppendLine(output, widths, columns.ToList<object?>());
        AppendLine(output, widths, widths.Select(w => (object?)new string('-', w)).ToList());
        foreach (var row in rows)
        {
            AppendLine(output, widths, format is null ? row : row.Select((value, i) => format(i, value)).ToList());
        }
        output.Append("\n\n");
        return output.ToString();
    }

    /// <summary>A value as Python's str() shows it.</summary>
    public static string Text(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        int i => i != 0,
        long l => l != 0,
        _ => true,
    };

    private static void AppendLine(StringBuilder output, int[] widths, IReadOnlyList<object?> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var text = Text(values[i]);
            output.Append(i < values.Count - 1 ? text.PadRight(widths[i] + 2) : text);
        }
        output.Append('\n');
    }
}
