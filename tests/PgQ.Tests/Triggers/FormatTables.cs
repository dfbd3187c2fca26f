namespace PgQ.Tests.Triggers;

/// <summary>
/// A table in a non-public schema with names that need quoting (mixed case, quotes, a keyword, non-ASCII and a 4-byte
/// character), a dropped and a generated column, and columns of many types (enum, composite, domains, ranges, arrays,
/// json, network, date/time), with rows of awkward values for the jsontriga/sqltriga tests.
/// </summary>
internal static class FormatTables
{
    public const string OddTable = "\"Odd S\".\"Mixed \"\"Case\"\" ü\"";

    public const string OddSchema = """
        create schema "Odd S";
        create type "Odd S"."Mood ü" as enum ('happy', 'sad ''x''', 'ü😀');
        create type "Odd S".pair as (a int, "B c" text);
        create domain "Odd S".posint as int check (value > 0);
        create domain "Odd S".dtext as text;
        create table "Odd S"."Mixed ""Case"" ü" (
          "Id" int, "select" text, "ünï 😀" text, dropme int, b bytea, n numeric, f4 real, f8 float8, i2 int2, i8 int8,
          ts timestamptz, tsn timestamp, d date, tm time, tmz timetz, iv interval, arr int[], tarr text[][], j json, jb jsonb,
          u uuid, ip inet, ci cidr, mac macaddr, r int4range, tr tstzrange, m "Odd S"."Mood ü", p "Odd S".pair,
          dp "Odd S".posint, dt "Odd S".dtext, bo bool, o oid, mo money, bits bit varying, x xml, ch char(3), vc varchar(5),
          g int generated always as ("Id" * 2) stored,
          primary key ("Id", "select"));
        alter table "Odd S"."Mixed ""Case"" ü" drop column dropme;
        """;

    /// <summary>Three inserts (awkward values, empty values, all NULL), three updates (one changing nothing), two deletes.</summary>
    public const string OddRows = """
        set timezone = 'America/St_Johns';
        insert into "Odd S"."Mixed ""Case"" ü" ("Id", "select", "ünï 😀", b, n, f4, f8, i2, i8, ts, tsn, d, tm, tmz, iv, arr, tarr,
            j, jb, u, ip, ci, mac, r, tr, m, p, dp, dt, bo, o, mo, bits, x, ch, vc)
        values (1, 'a&b=c%d+e f', E'line1\nline2 "q" \\ back''s\ttab\r\b\f\u0001', '\x00ff0001'::bytea, repeat('9', 1000)::numeric / 7,
          '-Infinity', 'NaN', -32768, 9223372036854775807, '1900-01-01 00:00:00+00', '2020-02-29 23:59:59.999999', '0001-01-01 BC',
          '24:00', '12:00+05:30', '1 year 2 mons -3 days 04:05:06.7', '{{1,NULL},{3,4}}', '{{"a b",NULL},{"","x,y"}}',
          '{"a": [1, "x"],  "s":"\u00e9"}', '{"b": 2, "a": null}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '192.168.0.1/24',
          '10.0.0.0/8', '08:00:2b:01:02:03', '[1,5)', '[2020-01-01 00:00+00,infinity)', 'sad ''x''', row(1, 'q"z (p)'), 5,
          'dom\\ain', true, 12345, 12.34, B'1011', '<a>x</a>', 'ab', 'ü😀'),
          (2, '', '', '\x', 0, 1.5, -0.0, 0, -1, '-infinity', 'infinity', 'infinity', '00:00', '00:00-00', '0', '{}', '{}', 'null',
          '[]', null, '::1', '::/0', null, 'empty', null, 'ü😀', row(null, null), null, '', false, 0, 0, B'', '', '', ''),
          (3, 'n', null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        update "Odd S"."Mixed ""Case"" ü" set "ünï 😀" = 'x~y', n = -0.5e-10, f8 = 1e-300, arr = '{{1,NULL},{3,5}}', p = row(2, null),
            ts = '2038-01-19 03:14:08+00' where "Id" = 1;
        update "Odd S"."Mixed ""Case"" ü" set b = null, n = null, j = '{}' where "Id" = 2;
        update "Odd S"."Mixed ""Case"" ü" set "Id" = "Id" where "Id" = 3;
        delete from "Odd S"."Mixed ""Case"" ü" where "Id" = 2;
        delete from "Odd S"."Mixed ""Case"" ü" where "Id" = 1;
        """;

    /// <summary>A jsontriga trigger `j` and an sqltriga trigger `s` (both FOR EACH ROW) on <paramref name="table"/>.</summary>
    public static string Capture(string table, string timing, string arguments) => $"""
        create trigger j {timing} insert or update or delete on {table} for each row execute procedure pgq.jsontriga({arguments});
        create trigger s {timing} insert or update or delete on {table} for each row execute procedure pgq.sqltriga({arguments});
        """;
}
