using Npgsql;
using PgQ.Events;
using PgQ.Tests.Queue;
using TestSupport;

namespace PgQ.Tests.Triggers;

/// <summary>
/// Events of our pgq.jsontriga and pgq.sqltriga decode with <see cref="RowChangeDecoder"/> to the values PostgreSQL
/// holds for the row: every decoded value, read back through its column's type, prints as the row's own
/// <c>col::text</c> (and text columns match exactly).
/// </summary>
public sealed class FormatTriggerDecodingTests(TriggerFixture fixture) : IClassFixture<TriggerFixture>
{
    [Fact]
    public async Task Every_event_of_both_formats_decodes_to_the_rows_own_values()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        var db = twins.Ours;
        await db.ExecAsync(FormatTables.OddSchema);
        await db.ExecAsync(FormatTables.Capture(FormatTables.OddTable, "after", "'q', 'backup'"));
        var statements = FormatTables.OddRows.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(7, statements.Length);
        var types = await ColumnTypesAsync(db);
        await db.ExecAsync(statements[0]);
        await db.ExecAsync(statements[1]);
        var inserted = new[] { await RowAsync(db, types, 1), await RowAsync(db, types, 2), await RowAsync(db, types, 3) };
        var updated = new List<Dictionary<string, string?>>();
        for (var i = 2; i <= 4; i++)
        {
            await db.ExecAsync(statements[i]);
            updated.Add(await RowAsync(db, types, i - 1));
        }

        await db.ExecAsync(statements[5]);
        await db.ExecAsync(statements[6]);
        var changes = (await ReadEventsAsync(db)).Select(RowChangeDecoder.Decode).ToList();

        Assert.Equal(16, changes.Count);
        Assert.All(changes, c => Assert.Equal(("Odd S", "Mixed \"Case\" ü"), (c.Schema, c.Table)));
        Assert.Equal(
            Enumerable.Repeat(new[] { RowChangeFormat.Json, RowChangeFormat.Sql }, 8).SelectMany(f => f),
            changes.Select(c => c.Format));
        string[] key = ["Id", "select"];
        for (var row = 0; row < 3; row++)
        {
            await AssertRowAsync(db, types, inserted[row], changes[2 * row].Columns, $"json insert {row + 1}");
            await AssertRowAsync(db, types, inserted[row], changes[2 * row + 1].Columns, $"sql insert {row + 1}");
            var json = changes[6 + 2 * row];
            var sql = changes[7 + 2 * row];
            await AssertRowAsync(db, types, updated[row], json.Columns, $"json update {row + 1}");
            await AssertRowAsync(db, types, inserted[row], json.OldColumns!, $"json update {row + 1} old row");
            await AssertRowAsync(db, types, inserted[row], sql.OldColumns!, $"sql update {row + 1} old row");
            await AssertRowAsync(db, types, Pick(inserted[row], key), sql.KeyValues, $"sql update {row + 1} key");
            await AssertRowAsync(db, types, Pick(inserted[row], key), json.KeyValues, $"json update {row + 1} key");
            Assert.Equal(key, json.KeyColumns);
            Assert.Equal(key, sql.KeyColumns);
        }

        // The SQL updates carry the changed columns only (the third changes nothing and sets the first key column).
        Assert.Equal(["ünï 😀", "n", "f8", "ts", "arr", "p"], changes[7].Columns.Select(c => c.Name));
        await AssertRowAsync(db, types, Pick(updated[0], "ünï 😀", "n", "f8", "ts", "arr", "p"), changes[7].Columns, "sql update 1");
        await AssertRowAsync(db, types, Pick(updated[1], "b", "n", "j"), changes[9].Columns, "sql update 2");
        await AssertRowAsync(db, types, Pick(updated[2], "Id"), changes[11].Columns, "sql update 3");
        // Deletes: row 2, then row 1.
        await AssertRowAsync(db, types, updated[1], changes[12].Columns, "json delete 2");
        await AssertRowAsync(db, types, Pick(updated[1], key), changes[13].Columns, "sql delete 2");
        await AssertRowAsync(db, types, Pick(updated[1], key), changes[13].KeyValues, "sql delete 2 key");
        await AssertRowAsync(db, types, updated[0], changes[14].Columns, "json delete 1");
        await AssertRowAsync(db, types, Pick(updated[0], key), changes[14].KeyValues, "json delete 1 key");
        await AssertRowAsync(db, types, Pick(updated[0], key), changes[15].Columns, "sql delete 1");
    }

    [Fact]
    public async Task A_key_update_and_a_truncate_decode_with_the_old_key()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        var db = twins.Ours;
        await db.ExecAsync("""
            create table "T k" (id int, "K ü" text, v text, primary key (id, "K ü"));
            create trigger j after insert or update or delete on "T k" for each row execute procedure pgq.jsontriga('q');
            create trigger s after insert or update or delete on "T k" for each row execute procedure pgq.sqltriga('q');
            create trigger jt after truncate on "T k" for each statement execute procedure pgq.jsontriga('q');
            create trigger st after truncate on "T k" for each statement execute procedure pgq.sqltriga('q');
            insert into "T k" values (1, 'a''b', 'x');
            update "T k" set id = 2, v = 'y';
            truncate "T k";
            """);

        var changes = (await ReadEventsAsync(db)).Select(RowChangeDecoder.Decode).ToList();

        Assert.Equal(6, changes.Count);
        var (json, sql) = (changes[2], changes[3]);
        Assert.Equal([("id", "1"), ("K ü", "a'b")], json.KeyValues.Select(c => (c.Name, c.Value!)));
        Assert.Equal([("id", "1"), ("K ü", "a'b")], sql.KeyValues.Select(c => (c.Name, c.Value!)));
        Assert.Equal([("id", "2"), ("K ü", "a'b"), ("v", "y")], json.Columns.Select(c => (c.Name, c.Value!)));
        Assert.Equal([("id", "2"), ("v", "y")], sql.Columns.Select(c => (c.Name, c.Value!)));
        Assert.All(changes.Skip(4), c => Assert.Equal((RowOperation.Truncate, "public", "T k", 0), (c.Operation, c.Schema, c.Table, c.Columns.Count)));
    }

    [Fact]
    public async Task An_application_role_without_any_pgq_grant_can_change_a_captured_table()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        var db = twins.Ours;
        var role = "app_" + Guid.NewGuid().ToString("N")[..12];
        await db.ExecAsync($"""
            create role {role};
            create table t (id int primary key, v text, ts timestamptz);
            create trigger j after insert or update or delete on t for each row execute procedure pgq.jsontriga('q');
            create trigger s after insert or update or delete on t for each row execute procedure pgq.sqltriga('q', 'backup');
            grant usage on schema public to {role};
            grant all on t to {role};
            """);
        try
        {
            await db.ExecAsync($"""
                set role {role};
                insert into t values (1, 'x', '2026-11-24 12:00:00+00');
                update t set v = 'y';
                delete from t;
                reset role;
                """);

            var changes = (await ReadEventsAsync(db)).Select(RowChangeDecoder.Decode).ToList();

            Assert.Equal(
                [RowOperation.Insert, RowOperation.Insert, RowOperation.Update, RowOperation.Update, RowOperation.Delete, RowOperation.Delete],
                changes.Select(c => c.Operation));
        }
        finally
        {
            await db.ExecAsync($"reset role; drop owned by {role}; drop role {role}");
        }
    }

    private static List<(string Name, string? Text)> Pick(Dictionary<string, string?> row, params string[] names) =>
        [.. names.Select(n => (n, row[n]))];

    private static Task AssertRowAsync(
        NpgsqlConnection db, Dictionary<string, string> types, Dictionary<string, string?> expected, RowValues actual, string what) =>
        AssertRowAsync(db, types, [.. expected.Select(p => (p.Key, p.Value))], actual, what);

    private static async Task AssertRowAsync(
        NpgsqlConnection db, Dictionary<string, string> types, List<(string Name, string? Text)> expected, RowValues actual, string what)
    {
        Assert.True(expected.Select(c => c.Name).SequenceEqual(actual.Select(c => c.Name)),
            $"{what}: columns {string.Join(",", actual.Select(c => c.Name))}, expected {string.Join(",", expected.Select(c => c.Name))}");
        for (var i = 0; i < expected.Count; i++)
        {
            var (name, text) = expected[i];
            var value = actual[i].Value;
            if (text is null)
            {
                Assert.True(value is null, $"{what}: column {name} is \"{value}\", expected NULL");
                continue;
            }

            Assert.True(value is not null, $"{what}: column {name} is NULL, expected \"{text}\"");
            var type = types[name];
            if (type is "text" or "\"Odd S\".dtext")
            {
                Assert.Equal(text, value);
            }

            var roundTrip = await db.ScalarAsync<string>($"select $1::text::{type}::text", value);
            Assert.True(text == roundTrip, $"{what}: column {name} ({type}) decoded \"{value}\" reads back as \"{roundTrip}\", expected \"{text}\"");
        }
    }

    /// <summary>Each column of row "Id" = id as <c>col::text</c>, in attribute order.</summary>
    private static async Task<Dictionary<string, string?>> RowAsync(NpgsqlConnection db, Dictionary<string, string> types, int id)
    {
        var select = string.Join(", ", types.Keys.Select(n => PostgresCluster.QuoteIdent(n) + "::text"));
        var rows = await db.RowsAsync($"select {select} from {FormatTables.OddTable} where \"Id\" = $1", id);
        var row = Assert.Single(rows);
        return types.Keys.Select((name, i) => (name, (string?)row[i])).ToDictionary(p => p.name, p => p.Item2);
    }

    private static async Task<Dictionary<string, string>> ColumnTypesAsync(NpgsqlConnection db)
    {
        var rows = await db.RowsAsync(
            "select attname::text, format_type(atttypid, atttypmod) from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum",
            FormatTables.OddTable);
        return rows.ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
    }

    private static async Task<List<PgQEvent>> ReadEventsAsync(NpgsqlConnection db)
    {
        var table = await db.ScalarAsync<string>("select queue_data_pfx from pgq.queue where queue_name = 'q'");
        var rows = await db.RowsAsync(
            $"select ev_id, ev_time, ev_txid, ev_retry, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4 from {table} order by ev_id");
        return
        [
            .. rows.Select(r => new PgQEvent(
                (long)r[0]!, new DateTimeOffset((DateTime)r[1]!), (long)r[2]!, (int?)r[3], (string?)r[4], (string?)r[5],
                (string?)r[6], (string?)r[7], (string?)r[8], (string?)r[9])),
        ];
    }
}
