using System.Text;

namespace Londiste.Admin;

/// <summary>
/// The key=value&amp;key=value form the original stores attributes in (table_attrs, node_attrs):
/// space as <c>+</c>, other bytes %XX (upper-case hex, as Python's quote_plus); a key without <c>=</c> has a null value.
/// </summary>
public static class UrlEncoding
{
    public static IReadOnlyList<KeyValuePair<string, string?>> Decode(string? text)
    {
        var result = new List<KeyValuePair<string, string?>>();
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }
        foreach (var part in text.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            result.Add(equals < 0
                ? new(Unescape(part), null)
                : new(Unescape(part[..equals]), Unescape(part[(equals + 1)..])));
        }
        return result;
    }

    public static string Encode(IEnumerable<KeyValuePair<string, string?>> pairs) =>
        string.Join('&', pairs.Select(p => p.Value is null ? Escape(p.Key) : Escape(p.Key) + "=" + Escape(p.Value)));

    /// <summary>Python's repr of the decoded dict, as `tables` shows table_attrs: {'copy_node': '?'}.</summary>
    public static string PythonDict(string? text)
    {
        var pairs = Decode(text);
        if (pairs.Count == 0)
        {
            return "";
        }
        return "{" + string.Join(", ", pairs.Select(p => PythonString(p.Key) + ": " + (p.Value is null ? "None" : PythonString(p.Value)))) + "}";
    }

    private static string PythonString(string value) =>
        value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal)
            ? "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal) + "\""
            : "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static string Escape(string value)
    {
        var output = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~')
            {
                output.Append(c);
            }
            else if (c == ' ')
            {
                output.Append('+');
            }
            else
            {
                output.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return output.ToString();
    }
}
