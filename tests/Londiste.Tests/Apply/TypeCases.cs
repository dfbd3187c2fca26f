namespace Londiste.Tests.Apply;

/// <summary>The types and names the capture formats must carry through decode and apply unchanged.</summary>
internal static class TypeCases
{
    private const string S = "\"rt\".\"t\"";

    public static readonly TypeCase[] All =
    [
        Simple("nulls_and_empty_text", "text", [null, "", " ", "null", "NULL", "\\N", "="], r => r.Next(3) == 0 ? null : r.Next(2) == 0 ? "" : ValueGen.Text(r, 2)),
        Simple("special_text", "text",
            ["a&b=c%d+e f", "%26%3d%", "+ +", "line1\nline2\r\n", "'quoted' \"double\"", "back\\slash\\\\", "\t tab", "x=y&z", "&&&", "==="],
            r => ValueGen.Text(r)),
        Simple("unicode_text", "text",
            ["ü", "€ 中文 日本語", "😀🎉", "𝄞 music", "\u00a0nbsp", "ÿ\u0301", "עברית", "\u200b"],
            r => ValueGen.Text(r, 20)),
        Simple("varchar_and_char", "character varying(200)", ["", " ", "trailing  "], r => ValueGen.Text(r, 6)),
        Simple("bytea", "bytea", ["\\x", "\\x00", "\\x000000", "\\xff00ff", "\\x5c27220a0d"], ValueGen.Bytea),
        Simple("numeric", "numeric",
            [new string('9', 1000), "-" + new string('1', 500) + "." + new string('7', 500), "0." + new string('0', 999) + "1", "NaN", "Infinity", "-Infinity", "0", "-0.000", "1e-100"],
            ValueGen.Numeric),
        Simple("float8", "double precision",
            ["NaN", "Infinity", "-Infinity", "-0", "1.7976931348623157e308", "5e-324", "0.1", "2.2250738585072014e-308"],
            ValueGen.Float8),
        Simple("float4", "real", ["NaN", "Infinity", "-Infinity", "-0", "3.4028235e38", "1e-45"], ValueGen.Float4),
        Simple("timestamptz", "timestamp with time zone",
            ["infinity", "-infinity", "2024-03-31 02:30:00 Europe/Berlin", "1999-12-31 23:59:59.999999+14", "4713-01-01 00:00:00+00 BC", "294276-12-31 23:59:59+00", "epoch"],
            r => ValueGen.Timestamp(r, zone: true)),
        Simple("timestamp", "timestamp without time zone", ["infinity", "-infinity", "2000-02-29 12:00:00.5", "0001-01-01 00:00:00 BC"],
            r => ValueGen.Timestamp(r, zone: false)),
        Simple("date", "date", ["infinity", "-infinity", "2000-02-29", "4713-01-01 BC", "5874897-12-31"], ValueGen.Date),
        Simple("interval", "interval",
            ["0", "-178000000 years", "178000000 years", "1 mon -1 day", "-00:00:00.000001", "P1Y2M3DT4H5M6.789S"], ValueGen.Interval),
        Simple("int_matrix", "integer[]", ["{}", "{{1,NULL},{NULL,4}}", "{NULL}", "[0:1]={7,8}", "{{{1}},{{2}}}"], ValueGen.IntMatrix),
        Simple("text_matrix", "text[]",
            ["{}", "{{\"a,b\",NULL},{\"\",\"NULL\"}}", "{\"q\\\"uote\",\"back\\\\slash\",\"&=%+\"}", "{\"ü 😀\"}"], ValueGen.TextMatrix),
        Simple("json", "json", ["{}", "[]", "null", "{\"a\":1,  \"a\":2}", "  {\"x\" : [1, 2.50, \"&=%+\"]}  ", "\"\\u00fc\""], r => ValueGen.Json(r)),
        Simple("jsonb", "jsonb", ["{}", "[]", "null", "{\"a\": {\"b\": [null, true, 1.0]}}", "\"😀\""], r => ValueGen.Json(r)),
        Simple("uuid", "uuid", ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"], ValueGen.Uuid),
        Simple("inet", "inet", ["0.0.0.0/0", "::1", "192.168.1.1/24", "::ffff:1.2.3.4"], ValueGen.Inet),
        Simple("cidr", "cidr", ["0.0.0.0/0", "10.0.0.0/8", "::/0", "2001:db8::/32"], ValueGen.Cidr),
        Simple("int4range", "int4range", ["empty", "(,)", "[1,1]", "(,5]", "[7,)"], ValueGen.IntRange),
        Simple("tstzrange", "tstzrange", ["empty", "(,)", "[\"2024-01-01 00:00+00\",infinity)", "(-infinity,\"2000-01-01 00:00+05\"]"], ValueGen.TstzRange),
        Simple("bit_varying", "bit varying(64)", ["", "0", "1010101", new string('1', 64)],
            r => string.Concat(Enumerable.Range(0, r.Next(65)).Select(_ => r.Next(2) == 0 ? '0' : '1'))),
        Simple("enum", "\"rt\".\"mood\"", ["sad", "happy 😀", "with \"quote\"", "a,b"], r => new[] { "sad", "ok", "happy 😀", "with \"quote\"", "a,b" }[r.Next(5)],
            "create type \"rt\".\"mood\" as enum ('sad', 'ok', 'happy 😀', 'with \"quote\"', 'a,b')"),
        Simple("composite", "\"rt\".\"Pair\"", ["(,)", "(1,\"\")", "(2,\"x,y \"\"z\"\" \\\\\")", "(,\"NULL\")"],
            r => "(" + (r.Next(4) == 0 ? "" : r.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)) + "," + (r.Next(4) == 0 ? "" : ValueGen.CompositeQuote(ValueGen.Text(r, 6))) + ")",
            "create type \"rt\".\"Pair\" as (n int, \"Label\" text)"),
        Simple("domain", "\"rt\".\"short_text\"", ["", "x", "&=%+ \n"], r => ValueGen.Text(r, 3),
            "create domain \"rt\".\"short_text\" as text check (length(value) < 200)"),
        Simple("domain_over_numeric", "\"rt\".\"money2\"", ["0.00", "-1.5", "99999999.99"],
            r => (r.Next(-1000000, 1000000) / 100.0).ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
            "create domain \"rt\".\"money2\" as numeric(10,2) check (value > -100000000)"),
        new("generated_columns", "", S, "\"id\"", "\"v\"", "\"w\"", "text",
            """
            "g" text generated always as (coalesce("v", '<null>') || '|' || coalesce("w", '<null>')) stored,
            "n" bigint generated always as identity,
            "d" bigint generated by default as identity
            """,
            ["", null, "a&b"], r => ValueGen.Text(r, 4)),
        new("awkward_names", "", "\"Odd \"\"Schema\"\" ü\".\"Mixed Case.Table\"", "\"select\"", "\"Ünï code\"", "\"with\"\"quote, and=&\"", "text", "",
            ["", null, "x"], r => ValueGen.Text(r, 4)),
        new("keyword_names", "", "\"User\".\"order\"", "\"from\"", "\"where\"", "\"group\"", "integer", "", ["0", null, "-2147483648"],
            r => r.Next(5) == 0 ? null : r.Next(int.MinValue, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    public static TypeCase Named(string name) => All.Single(c => c.Name == name);

    private static TypeCase Simple(string name, string type, string?[] edge, Func<Random, string?> random, string setup = "") =>
        new(name, setup, S, "\"id\"", "\"v\"", "\"w\"", type, "", [null, .. edge], random);
}
