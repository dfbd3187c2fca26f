using System.Globalization;
using System.Text;

namespace Londiste.Tests.Apply;

/// <summary>Random values as PostgreSQL text input, for the round-trip cases.</summary>
internal static class ValueGen
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", " ", "  ", "&", "=", "%", "+", "%26", "%2", "\n", "\r\n", "\t", "'", "''", "\"", "\\", "\\\\", ",", "(", ")",
        "{", "}", "[", "]", ":", "NULL", "null", "ü", "€", "中文", "😀", "𝄞", "\u00a0", "é", "ÿ", "#", "?", "/", ";", "--",
    ];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Text(Random random, int maxPieces = 12)
    {
        var text = new StringBuilder();
        var count = random.Next(maxPieces + 1);
        for (var i = 0; i < count; i++)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return text.ToString();
    }

    public static string Bytea(Random random)
    {
        var bytes = new byte[random.Next(40)];
        random.NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i += 3)
        {
            bytes[i] = 0;
        }

        return "\\x" + Convert.ToHexStringLower(bytes);
    }

    public static string Numeric(Random random)
    {
        var digits = new StringBuilder();
        var length = random.Next(1, random.Next(2) == 0 ? 30 : 1000);
        for (var i = 0; i < length; i++)
        {
            digits.Append((char)('0' + random.Next(10)));
        }

        if (random.Next(2) == 0 && length > 1)
        {
            digits.Insert(random.Next(1, length), '.');
        }

        return (random.Next(2) == 0 ? "-" : "") + digits;
    }

    public static string Float8(Random random) =>
        random.Next(3) switch
        {
            0 => BitConverter.Int64BitsToDouble(random.NextInt64()).ToString("R", Invariant),
            1 => (random.NextDouble() * 1e6 - 5e5).ToString("R", Invariant),
            _ => random.Next(-1000, 1000).ToString(Invariant),
        };

    public static string Float4(Random random) =>
        BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue)).ToString("R", Invariant);

    public static string Timestamp(Random random, bool zone)
    {
        var bc = random.Next(10) == 0;
        // PostgreSQL's timestamps start at 4713 BC.
        var year = bc ? random.Next(1, 4714) : random.Next(1, 9999);
        var text = $"{year:D4}-{random.Next(1, 13):D2}-{random.Next(1, 29):D2} {random.Next(24):D2}:{random.Next(60):D2}:{random.Next(60):D2}.{random.Next(1000000):D6}";
        if (zone)
        {
            text += random.Next(3) switch
            {
                0 => "+05:30",
                1 => " America/New_York",
                _ => "-11",
            };
        }

        return bc ? text + " BC" : text;
    }

    public static string Date(Random random) =>
        random.Next(10) == 0
            ? $"{random.Next(1, 4714):D4}-{random.Next(1, 13):D2}-{random.Next(1, 29):D2} BC"
            : $"{random.Next(1, 9999):D4}-{random.Next(1, 13):D2}-{random.Next(1, 29):D2}";

    public static string Interval(Random random) =>
        $"{random.Next(-200, 200)} years {random.Next(-30, 30)} mons {random.Next(-400, 400)} days "
        + $"{(random.Next(2) == 0 ? "-" : "")}{random.Next(100):D2}:{random.Next(60):D2}:{random.Next(60):D2}.{random.Next(1000000):D6}";

    public static string IntMatrix(Random random)
    {
        var rows = random.Next(1, 4);
        var cols = random.Next(1, 4);
        return "{" + string.Join(",", Enumerable.Range(0, rows).Select(_ =>
            "{" + string.Join(",", Enumerable.Range(0, cols).Select(_ => random.Next(4) == 0 ? "NULL" : random.Next().ToString(Invariant))) + "}")) + "}";
    }

    public static string TextMatrix(Random random)
    {
        var rows = random.Next(1, 4);
        var cols = random.Next(1, 4);
        return "{" + string.Join(",", Enumerable.Range(0, rows).Select(_ =>
            "{" + string.Join(",", Enumerable.Range(0, cols).Select(_ => random.Next(4) == 0 ? "NULL" : ArrayQuote(Text(random, 4)))) + "}")) + "}";
    }

    public static string Json(Random random, int depth = 0)
    {
        return random.Next(depth > 2 ? 4 : 6) switch
        {
            0 => "null",
            1 => random.Next(2) == 0 ? "true" : "false",
            2 => random.Next(-100000, 100000).ToString(Invariant) + (random.Next(2) == 0 ? ".25e3" : ""),
            3 => JsonString(Text(random, 5)),
            4 => "[" + string.Join(", ", Enumerable.Range(0, random.Next(4)).Select(_ => Json(random, depth + 1))) + "]",
            _ => "{" + string.Join(",  ", Enumerable.Range(0, random.Next(4)).Select(_ => JsonString(Text(random, 2)) + " : " + Json(random, depth + 1))) + "}",
        };
    }

    public static string Uuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString(random.Next(2) == 0 ? "D" : "N");
    }

    public static string Inet(Random random) =>
        random.Next(2) == 0
            ? $"{random.Next(256)}.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}/{random.Next(8, 33)}"
            : $"{random.Next(0x10000):x}:{random.Next(0x10000):x}::{random.Next(0x10000):x}/{random.Next(16, 129)}";

    public static string Cidr(Random random) =>
        random.Next(2) == 0 ? $"{random.Next(256)}.{random.Next(256)}.0.0/16" : $"{random.Next(0x10000):x}:{random.Next(0x10000):x}::/32";

    public static string IntRange(Random random)
    {
        var a = random.Next(-1000, 1000);
        var b = a + random.Next(0, 50);
        return $"{"[("[random.Next(2)]}{a},{b}{"])"[random.Next(2)]}";
    }

    public static string TstzRange(Random random)
    {
        var a = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.Next());
        var b = a.AddSeconds(random.Next(1, 100000));
        return $"[\"{a:yyyy-MM-dd HH:mm:ss}+00\",\"{b:yyyy-MM-dd HH:mm:ss}+00\")";
    }

    /// <summary>An element of an array literal, quoted.</summary>
    public static string ArrayQuote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>A field of a composite literal, quoted (doubled quotes and backslashes).</summary>
    public static string CompositeQuote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string JsonString(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
