using PgQ.Events;

namespace PgQ.Tests.Events;

/// <summary>The decoder reuses names from the previous event on the thread; these events try to fool that.</summary>
public sealed class DecoderReuseTests
{
    [Fact]
    public void A_plain_key_that_looks_like_the_previous_decoded_name_is_still_decoded()
    {
        Assert.Equal("a+b", RowChangeDecoder.DecodeUrlEncoded("a%2bb=1")[0].Name);
        Assert.Equal("a b", RowChangeDecoder.DecodeUrlEncoded("a+b=2")[0].Name);
        Assert.Equal("a+b", RowChangeDecoder.DecodeUrlEncoded("a%2Bb=3")[0].Name);
    }

    [Fact]
    public void Names_follow_each_row_when_tables_and_column_orders_alternate()
    {
        var first = RowChangeDecoder.Decode(TestEvents.Make("I:id", "id=1&x=2", "s.one"));
        var second = RowChangeDecoder.Decode(TestEvents.Make("I:k", "k=1&id=2&x", "s.two"));
        var third = RowChangeDecoder.Decode(TestEvents.Make("""{"op":"INSERT","pkey":["x"]}""", """{"x":1,"i\u0064":2}""", "s.one"));
        var fourth = RowChangeDecoder.Decode(TestEvents.Make("""{"op":"INSERT","pkey":["id"]}""", """{"id":1,"x":2}""", "s.one"));
        Assert.Equal(["id", "x"], first.Columns.Select(c => c.Name));
        Assert.Equal(("one", "two"), (first.Table, second.Table));
        Assert.Equal(["id"], first.KeyColumns);
        Assert.Equal(["k", "id", "x"], second.Columns.Select(c => c.Name));
        Assert.Equal(["k"], second.KeyColumns);
        Assert.Equal(["x", "id"], third.Columns.Select(c => c.Name));
        Assert.Equal(["x"], third.KeyColumns);
        Assert.Equal(["id", "x"], fourth.Columns.Select(c => c.Name));
        Assert.Equal(["id"], fourth.KeyColumns);
    }

    [Fact]
    public void Key_columns_shared_between_events_cannot_be_changed()
    {
        var change = RowChangeDecoder.Decode(TestEvents.Make("I:id", "id=1"));
        Assert.False(change.KeyColumns is string[]);
        var json = RowChangeDecoder.Decode(TestEvents.Make("""{"op":"INSERT","pkey":["id"]}""", """{"id":1}"""));
        Assert.False(json.KeyColumns is string[]);
    }
}
