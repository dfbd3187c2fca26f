using PgQ.Events;

namespace PgQ.Tests.Events;

public sealed class JsonDecodingTests
{
    private const string InsertType = """{"op":"INSERT","table":["Odd Schema","Mixed Case"],"pkey":["id","Key 2"]}""";

    private static RowChange Decode(string type, string? data, string? extra2 = null, string? extra1 = "Odd Schema.Mixed Case") =>
        RowChangeDecoder.Decode(TestEvents.Make(type, data, extra1, extra2));

    [Fact]
    public void Insert_as_written_by_the_original_jsontriga_decodes_to_postgres_text()
    {
        // ev_data copied from the original pgq 3.5 jsontriga on PostgreSQL 15.
        const string data = """
            {"id":1,"Key 2":"k","t":"a&b=c%d+e f\ng'h\"i\\j ü 😀","b":"\\x00ff01","n":"12.50","a":"{1,NULL,3}","j":"{\"x\":[1,null],\"y\":\"z\"}","ts":"2024-01-02T01:04:05.123+00:00","bo":true,"f":"1.5","i8":9223372036854775807,"e":"","z":null}
            """;
        var change = Decode(InsertType, data);
        Assert.Equal(RowChangeFormat.Json, change.Format);
        Assert.Equal(RowOperation.Insert, change.Operation);
        Assert.Equal(("Odd Schema", "Mixed Case"), (change.Schema, change.Table));
        Assert.Equal(["id", "Key 2"], change.KeyColumns);
        Assert.Equal([new("id", "1"), new("Key 2", "k")], change.KeyValues);
        Assert.Equal(
            [
                new("id", "1"), new("Key 2", "k"), new("t", "a&b=c%d+e f\ng'h\"i\\j ü 😀"), new("b", "\\x00ff01"),
                new("n", "12.50"), new("a", "{1,NULL,3}"), new("j", """{"x":[1,null],"y":"z"}"""),
                new("ts", "2024-01-02T01:04:05.123+00:00"), new("bo", "true"), new("f", "1.5"),
                new("i8", "9223372036854775807"), new("e", ""), new("z", null),
            ],
            change.Columns);
    }

    [Fact]
    public void Nested_objects_and_arrays_come_back_as_their_json_text()
    {
        var change = Decode(InsertType, """{"id":1,"Key 2":"k","o":{"a":[1,{"b":null}]},"l":[true, "x"]}""");
        Assert.Equal("""{"a":[1,{"b":null}]}""", change.Columns.GetValue("o"));
        Assert.Equal("""[true, "x"]""", change.Columns.GetValue("l"));
    }

    [Fact]
    public void Update_with_backup_reads_the_old_row_as_json()
    {
        var type = InsertType.Replace("INSERT", "UPDATE", StringComparison.Ordinal);
        var change = Decode(type, """{"id":1,"Key 2":"k","t":"new"}""", """{"id":1,"Key 2":"k","t":null}""");
        Assert.Equal(RowOperation.Update, change.Operation);
        Assert.Equal("new", change.Columns.GetValue("t"));
        Assert.Null(change.OldColumns!.GetValue("t"));
    }

    [Fact]
    public void Old_row_in_extra2_may_also_be_urlencoded_as_before_pgq_3_5_2()
    {
        var type = InsertType.Replace("INSERT", "UPDATE", StringComparison.Ordinal);
        var change = Decode(type, """{"id":1,"Key 2":"k"}""", "id=1&Key+2=k&t");
        Assert.Equal([new("id", "1"), new("Key 2", "k"), new("t", null)], change.OldColumns!);
    }

    [Fact]
    public void Truncate_has_no_row()
    {
        var change = Decode("""{"op":"TRUNCATE","table":["Odd Schema","Mixed Case"],"pkey":["id","Key 2"]}""", "{}");
        Assert.Equal(RowOperation.Truncate, change.Operation);
        Assert.Empty(change.Columns);
    }

    [Fact]
    public void The_table_pair_in_ev_type_wins_over_extra1_because_it_is_exact()
    {
        var change = Decode("""{"op":"DELETE","table":["a.b","c"],"pkey":[]}""", """{"x":"1"}""", extra1: "a.b.c");
        Assert.Equal(("a.b", "c"), (change.Schema, change.Table));
        Assert.Equal(RowOperation.Delete, change.Operation);
        Assert.Empty(change.KeyColumns);
    }

    [Fact]
    public void Without_table_pair_the_table_comes_from_extra1()
    {
        var change = Decode("""{"op":"INSERT","pkey":["id"]}""", """{"id":5}""", extra1: "s.t");
        Assert.Equal(("s", "t"), (change.Schema, change.Table));
    }

    [Fact]
    public void Escapes_in_json_strings_decode()
    {
        var change = Decode("""{"op":"INSERT","pkey":[]}""", """{"t":"\u00fc\ud83d\ude00\t\u0001\/"}""");
        Assert.Equal("ü😀\t\u0001/", change.Columns.GetValue("t"));
    }

    [Theory]
    [InlineData("""{"id":1,"Key 2":"k",""", "ev_data is not valid JSON: ")]
    [InlineData("""[1,2]""", "ev_data is not a JSON object")]
    [InlineData("""{"id":1,"Key 2":"k"} x""", "ev_data is not valid JSON: ")]
    [InlineData("""{"id":1,"Key 2":"k","id":2}""", "column \"id\" appears twice in ev_data")]
    [InlineData("""{"Key 2":"k"}""", "key column \"id\" is missing from ev_data")]
    [InlineData("""{"id":1,"Key 2":"\ud800"}""", "ev_data is not valid JSON: ")]
    [InlineData("", "ev_data is empty; expected the row as a JSON object")]
    public void Malformed_rows_name_event_table_and_problem(string data, string problem)
    {
        var error = Assert.Throws<EventFormatException>(() => Decode(InsertType, data));
        Assert.StartsWith($"Event 42 (table Odd Schema.Mixed Case): {problem}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"op":"MERGE","pkey":[]}""", "ev_type \"op\" must be \"INSERT\", \"UPDATE\", \"DELETE\" or \"TRUNCATE\"")]
    [InlineData("""{"table":["s","t"]}""", "ev_type has no \"op\"")]
    [InlineData("""{"op":"INSERT","table":["t"]}""", "ev_type \"table\" must be [schema, name]")]
    [InlineData("""{"op":"INSERT","pkey":[1]}""", "ev_type \"pkey\" must be an array of strings")]
    [InlineData("""{"op":"INSERT",""", "ev_type is not valid JSON: ")]
    public void Malformed_types_name_event_table_and_problem(string type, string problem)
    {
        var error = Assert.Throws<EventFormatException>(() => Decode(type, "{}"));
        Assert.StartsWith($"Event 42 (table Odd Schema.Mixed Case): {problem}", error.Message, StringComparison.Ordinal);
    }
}
