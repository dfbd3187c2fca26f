using System.Globalization;

namespace Skytools.Config;

/// <summary>
/// Time intervals in config files. The originals take plain (fractional) seconds (<c>ticker_period = 0.2</c>);
/// a unit suffix is accepted as well because it is easier to read: <c>ms</c>, <c>s</c>, <c>min</c>, <c>h</c>.
/// Negative values are refused.
/// </summary>
public static class DurationParser
{
    private static readonly (string Suffix, double Seconds)[] Units =
    [
        ("ms", 0.001), ("msec", 0.001), ("s", 1), ("sec", 1), ("min", 60), ("h", 3600), ("hour", 3600),
    ];

    public static bool TryParse(string text, out TimeSpan result)
    {
        result = TimeSpan.Zero;
        var value = text.Trim().ToLowerInvariant();
        var factor = 1.0;
        // Longest suffix first, so that "ms" is not read as "s".
        foreach (var (suffix, seconds) in Units.OrderByDescending(u => u.Suffix.Length))
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal) && value.Length > suffix.Length && !char.IsLetter(value[^(suffix.Length + 1)]))
            {
                value = value[..^suffix.Length].TrimEnd();
                factor = seconds;
                break;
            }
        }
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number) || number < 0)
        {
            return false;
        }
        var total = number * factor;
        if (total > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }
        result = TimeSpan.FromSeconds(total);
        return true;
    }
}
