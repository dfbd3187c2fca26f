using PgQ.Events;

namespace PgQ.Tests.Events;

public sealed class UrlEncodedDecodingTests
{
    private static RowChange Decode(string type, string data, string? extra2 = null) =>
        RowChangeDecoder.Decode(TestEvents.Make(type, data, "Odd Schema.Mixed Case", extra2));

    [Fact]
    public void Insert_gives_table_keys_and_values_in_order()
    {
        var change = Decode("I:id,Key 2", "id=1&Key+2=k+K&txt=text1");
        Assert.Equal(RowChangeFormat.UrlEncoded, change.Format);
        Assert.Equal(RowOperation.Insert, change.Operation);
        Assert.Equal("Odd Schema", change.Schema);
        Assert.Equal("Mixed Case", change.Table);
        Assert.Equal(["id", "Key 2"], change.KeyColumns);
        Assert.Equal([new("id", "1"), new("Key 2", "k K"), new("txt", "text1")], change.Columns);
        Assert.Equal([new("id", "1"), new("Key 2", "k K")], change.KeyValues);
        Assert.Null(change.OldColumns);
    }

    [Fact]
    public void A_key_without_equals_sign_is_null_and_key_with_equals_sign_is_empty()
    {
        var change = Decode("D:id", "id=2&txt&val=&last");
        Assert.Equal(RowOperation.Delete, change.Operation);
        Assert.Equal([new("id", "2"), new("txt", null), new("val", ""), new("last", null)], change.Columns);
    }

    [Fact]
    public void Escaped_ampersand_equals_percent_and_plus_survive_in_keys_and_values()
    {
        // ev_type lists key names raw (logutriga does not escape them); ev_data escapes them.
        var change = Decode("I:a&b=c", "a%26b%3dc=x%26y%3dz%25w%2bv+u&%2b=%3d%3d");
        Assert.Equal(["a&b=c"], change.KeyColumns);
        Assert.Equal([new("a&b=c", "x&y=z%w+v u")], change.KeyValues);
        Assert.Equal(new ColumnValue("a&b=c", "x&y=z%w+v u"), change.Columns[0]);
        Assert.Equal(new ColumnValue("+", "=="), change.Columns[1]);
    }

    [Fact]
    public void Newlines_quotes_and_backslashes_decode()
    {
        var row = RowChangeDecoder.DecodeUrlEncoded("t=a%0ab%0d%0ac%27d%22e%5cf%09");
        Assert.Equal("a\nb\r\nc'd\"e\\f\t", row.GetValue("t"));
    }

    [Fact]
    public void Four_byte_utf8_split_over_escapes_decodes_whole_in_either_hex_case()
    {
        var row = RowChangeDecoder.DecodeUrlEncoded("lower=%f0%9f%98%80&upper=%F0%9F%98%80&mixed=%c3%BC+%E2%82%ac");
        Assert.Equal("😀", row.GetValue("lower"));
        Assert.Equal("😀", row.GetValue("upper"));
        Assert.Equal("ü €", row.GetValue("mixed"));
    }

    [Fact]
    public void Tilde_and_raw_non_ascii_text_pass_through()
    {
        var row = RowChangeDecoder.DecodeUrlEncoded("a=~x&b=ü😀");
        Assert.Equal("~x", row.GetValue("a"));
        Assert.Equal("ü😀", row.GetValue("b"));
    }

    [Fact]
    public void Empty_elements_are_ignored()
    {
        var row = RowChangeDecoder.DecodeUrlEncoded("&&a=1&&b&");
        Assert.Equal([new("a", "1"), new("b", null)], row);
    }

    [Fact]
    public void Only_the_first_equals_sign_splits_key_from_value()
    {
        var row = RowChangeDecoder.DecodeUrlEncoded("a=b=c&d==");
        Assert.Equal([new("a", "b=c"), new("d", "=")], row);
    }

    [Fact]
    public void Update_reads_the_old_row_from_extra2()
    {
        var change = Decode("U:id", "id=1&txt=new", "id=1&txt=old");
        Assert.Equal(RowOperation.Update, change.Operation);
        Assert.Equal("new", change.Columns.GetValue("txt"));
        Assert.Equal([new("id", "1"), new("txt", "old")], change.OldColumns!);
    }

    [Fact]
    public void Insert_into_a_table_without_key_has_no_key_columns()
    {
        var change = Decode("I:", "a=1");
        Assert.Empty(change.KeyColumns);
        Assert.Empty(change.KeyValues);
    }

    [Fact]
    public void A_long_value_decodes_through_a_pooled_buffer()
    {
        var text = string.Concat(Enumerable.Repeat("ü&x ", 500));
        var encoded = Uri.EscapeDataString(text).Replace("%20", "+");
        Assert.Equal(text, RowChangeDecoder.DecodeUrlEncoded("v=" + encoded).GetValue("v"));
    }

    [Theory]
    [InlineData("id=1&t=a%2", "incomplete percent escape \"%2\" at position 8 in ev_data")]
    [InlineData("id=1&t=%", "incomplete percent escape \"%\" at position 7 in ev_data")]
    [InlineData("id=1&t=%zz", "bad percent escape \"%zz\" at position 7 in ev_data")]
    [InlineData("id=1&t=%c3%28", "invalid UTF-8 in \"%c3%28\" at position 7 in ev_data")]
    [InlineData("id=1&t=%f0%9f%98", "invalid UTF-8 in \"%f0%9f%98\" at position 7 in ev_data")]
    [InlineData("id=1&t=a&t=b", "column \"t\" appears twice in ev_data")]
    public void Malformed_data_names_event_table_and_problem(string data, string problem)
    {
        var error = Assert.Throws<EventFormatException>(() => Decode("I:id", data));
        Assert.Equal($"Event 42 (table Odd Schema.Mixed Case): {problem}", error.Message);
        Assert.Equal(42, error.EventId);
        Assert.Equal("Odd Schema.Mixed Case", error.Table);
    }

    [Fact]
    public void A_key_column_missing_from_the_row_is_an_error()
    {
        var error = Assert.Throws<EventFormatException>(() => Decode("U:id", "txt=1"));
        Assert.Equal("Event 42 (table Odd Schema.Mixed Case): key column \"id\" is missing from ev_data", error.Message);
    }

    [Fact]
    public void Bad_old_row_in_extra2_is_reported_as_such()
    {
        var error = Assert.Throws<EventFormatException>(() => Decode("U:id", "id=1", "id=%g1"));
        Assert.Contains("in ev_extra2", error.Message, StringComparison.Ordinal);
    }
}
