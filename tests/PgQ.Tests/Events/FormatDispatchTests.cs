using PgQ.Events;

namespace PgQ.Tests.Events;

public sealed class FormatDispatchTests
{
    [Theory]
    [InlineData("I:id", "id=1", RowChangeFormat.UrlEncoded, RowOperation.Insert)]
    [InlineData("U:id", "id=1", RowChangeFormat.UrlEncoded, RowOperation.Update)]
    [InlineData("D:id", "id=1", RowChangeFormat.UrlEncoded, RowOperation.Delete)]
    [InlineData("I", "(id) values ('1')", RowChangeFormat.Sql, RowOperation.Insert)]
    [InlineData("U", "id='1' where id='1'", RowChangeFormat.Sql, RowOperation.Update)]
    [InlineData("D", "id='1'", RowChangeFormat.Sql, RowOperation.Delete)]
    [InlineData("R", "", RowChangeFormat.Sql, RowOperation.Truncate)]
    [InlineData("R", null, RowChangeFormat.Sql, RowOperation.Truncate)]
    [InlineData("""{"op":"INSERT","pkey":["id"]}""", """{"id":1}""", RowChangeFormat.Json, RowOperation.Insert)]
    public void The_format_follows_from_ev_type(string type, string? data, RowChangeFormat format, RowOperation operation)
    {
        var change = RowChangeDecoder.Decode(TestEvents.Make(type, data));
        Assert.Equal((format, operation), (change.Format, change.Operation));
    }

    [Fact]
    public void A_table_name_splits_at_the_first_dot_and_defaults_to_public()
    {
        var dotted = RowChangeDecoder.Decode(TestEvents.Make("R", "", "Odd Schema.Mixed.Case"));
        Assert.Equal(("Odd Schema", "Mixed.Case"), (dotted.Schema, dotted.Table));
        Assert.Equal("Odd Schema.Mixed.Case", dotted.QualifiedName);
        var bare = RowChangeDecoder.Decode(TestEvents.Make("R", "", "t"));
        Assert.Equal(("public", "t"), (bare.Schema, bare.Table));
    }

    [Fact]
    public void Event_id_is_kept()
    {
        Assert.Equal(7, RowChangeDecoder.Decode(TestEvents.Make("R", "", id: 7)).EventId);
    }

    [Theory]
    [InlineData("X:id", "unknown ev_type \"X:id\"; expected I:/U:/D: with key names, I/U/D/R, or a JSON object")]
    [InlineData("R:id", "unknown ev_type \"R:id\"; expected I:/U:/D: with key names, I/U/D/R, or a JSON object")]
    [InlineData("i", "unknown ev_type \"i\"; expected I:/U:/D: with key names, I/U/D/R, or a JSON object")]
    [InlineData("pgq.tick-id", "unknown ev_type \"pgq.tick-id\"; expected I:/U:/D: with key names, I/U/D/R, or a JSON object")]
    [InlineData("", "ev_type is empty; not a table trigger event")]
    [InlineData(null, "ev_type is empty; not a table trigger event")]
    [InlineData("I:id,", "ev_type has an empty key column name")]
    public void Unknown_types_name_event_table_and_problem(string? type, string problem)
    {
        var error = Assert.Throws<EventFormatException>(() => RowChangeDecoder.Decode(TestEvents.Make(type, "id=1")));
        Assert.Equal($"Event 42 (table public.t): {problem}", error.Message);
    }

    [Theory]
    [InlineData(null, "Event 42 (table <unknown>): ev_extra1 (the table name) is empty")]
    [InlineData("", "Event 42 (table ): ev_extra1 (the table name) is empty")]
    [InlineData(".t", "Event 42 (table .t): ev_extra1 \".t\" is not schema.table")]
    [InlineData("s.", "Event 42 (table s.): ev_extra1 \"s.\" is not schema.table")]
    public void A_missing_or_broken_table_name_is_an_error(string? extra1, string message)
    {
        var error = Assert.Throws<EventFormatException>(() => RowChangeDecoder.Decode(TestEvents.Make("I:id", "id=1", extra1)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Urlencoded_text_outside_events_decodes_with_the_same_rules()
    {
        var row = RowChangeDecoder.DecodeUrlEncoded("sync_watermark=n1%2cn2&x");
        Assert.Equal([new("sync_watermark", "n1,n2"), new("x", null)], row);
        var error = Assert.Throws<EventFormatException>(() => RowChangeDecoder.DecodeUrlEncoded("a=%4"));
        Assert.Equal("incomplete percent escape \"%4\" at position 2 in urlencoded data", error.Message);
    }
}
