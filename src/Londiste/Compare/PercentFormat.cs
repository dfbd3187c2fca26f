using System.Globalization;
using System.Text.RegularExpressions;

namespace Londiste.Compare;

/// <summary>
/// Python's <c>fmt % row</c> with named fields, as <c>compare_fmt</c> is written
/// (<c>%(cnt)d rows, checksum=%(chksum)s</c>): <c>%(name)s</c>, <c>%(name)d</c>, <c>%(name)r</c> and <c>%%</c>.
/// A NULL prints as Python prints None.
/// </summary>
internal static partial class PercentFormat
{
    [GeneratedRegex(@"%(?:\((?<name>[^)]*)\)(?<conv>[sdri])|(?<percent>%))")]
    private static partial Regex Field();

    public static string Apply(string format, IReadOnlyDictionary<string, object?> row) =>
        Field().Replace(format, match =>
        {
            if (match.Groups["percent"].Success)
            {
                return "%";
            }
            var name = match.Groups["name"].Value;
            if (!row.TryGetValue(name, out var value))
            {
                throw new CompareException($"compare_fmt names column \"{name}\" that the compare query does not return; fix compare_fmt or compare_sql");
            }
            return Text(value);
        });

    private static string Text(object? value) => value switch
    {
        null or DBNull => "None",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "None",
    };
}
