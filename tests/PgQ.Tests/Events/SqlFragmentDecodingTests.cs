using PgQ.Events;

namespace PgQ.Tests.Events;

public sealed class SqlFragmentDecodingTests
{
    private static RowChange Decode(string type, string data, string? extra2 = null) =>
        RowChangeDecoder.Decode(TestEvents.Make(type, data, "Odd Schema.T3", extra2));

    [Fact]
    public void Insert_as_written_by_the_original_sqltriga_decodes_to_postgres_text()
    {
        // ev_data copied from the original pgq 3.5 sqltriga on PostgreSQL 15.
        const string data = "(id,\"Key 2\",t,b,a,bo,ts) values ('1','k K',E'a&b=c%d+e f\ng''h\"i\\\\j ü 😀~',E'\\\\x00ff01','{1,NULL,3}','t','2024-01-02 01:04:05.123+00')";
        var change = Decode("I", data);
        Assert.Equal(RowChangeFormat.Sql, change.Format);
        Assert.Equal(RowOperation.Insert, change.Operation);
        Assert.Equal(("Odd Schema", "T3"), (change.Schema, change.Table));
        Assert.Empty(change.KeyColumns);
        Assert.Equal(
            [
                new("id", "1"), new("Key 2", "k K"), new("t", "a&b=c%d+e f\ng'h\"i\\j ü 😀~"), new("b", "\\x00ff01"),
                new("a", "{1,NULL,3}"), new("bo", "t"), new("ts", "2024-01-02 01:04:05.123+00"),
            ],
            change.Columns);
    }

    [Fact]
    public void Null_in_any_case_is_null_and_empty_literal_is_empty()
    {
        var change = Decode("I", "(a,b,c,d) values (null,NULL,'',Null)");
        Assert.Equal([new("a", null), new("b", null), new("c", ""), new("d", null)], change.Columns);
    }

    [Fact]
    public void Update_gives_the_set_list_and_the_old_key_from_where()
    {
        var change = Decode("U", "t=NULL,bo='f',\"Odd \"\"Col\"\"\"='x' where id='1' and \"Key 2\"='k K'", "id=1&Key+2=k+K&t=old");
        Assert.Equal(RowOperation.Update, change.Operation);
        Assert.Equal([new("t", null), new("bo", "f"), new("Odd \"Col\"", "x")], change.Columns);
        Assert.Equal(["id", "Key 2"], change.KeyColumns);
        Assert.Equal([new("id", "1"), new("Key 2", "k K")], change.KeyValues);
        Assert.Equal("old", change.OldColumns!.GetValue("t"));
    }

    [Fact]
    public void No_op_update_sets_the_key_to_itself()
    {
        var change = Decode("U", "id='2' where id='2' and \"Key 2\"=''");
        Assert.Equal([new("id", "2")], change.Columns);
        Assert.Equal([new("id", "2"), new("Key 2", "")], change.KeyValues);
    }

    [Fact]
    public void Delete_gives_the_key()
    {
        var change = Decode("D", "id='2' and \"Key 2\"=''");
        Assert.Equal(RowOperation.Delete, change.Operation);
        Assert.Equal(["id", "Key 2"], change.KeyColumns);
        Assert.Equal([new("id", "2"), new("Key 2", "")], change.Columns);
        Assert.Equal(change.Columns, change.KeyValues);
    }

    [Fact]
    public void Unquoted_names_fold_to_lower_case_and_whitespace_is_allowed()
    {
        var change = Decode("D", "  Id = 'x'  AND  \"MiXed\"='y' ");
        Assert.Equal([new("id", "x"), new("MiXed", "y")], change.Columns);
    }

    [Fact]
    public void Backslash_escapes_in_e_literals_decode()
    {
        var change = Decode("I", @"(a,b,c,d) values (E'x\\y\'z''w',E'\n\t\r\b\f',E'\x41\101\u00fc\U0001F600',e'q')");
        Assert.Equal([new("a", "x\\y'z'w"), new("b", "\n\t\r\b\f"), new("c", "AAü😀"), new("d", "q")], change.Columns);
    }

    [Fact]
    public void Byte_escapes_in_e_literals_are_utf8()
    {
        var change = Decode("I", @"(a) values (E'\xc3\xbc-\303\274\xF0\x9F\x98\x80')");
        Assert.Equal("ü-ü😀", change.Columns.GetValue("a"));
    }

    [Fact]
    public void Backslashes_in_plain_literals_are_plain()
    {
        var change = Decode("I", @"(a) values ('x\y')");
        Assert.Equal(@"x\y", change.Columns.GetValue("a"));
    }

    [Fact]
    public void Truncate_is_r_with_empty_data()
    {
        var change = Decode("R", "");
        Assert.Equal(RowOperation.Truncate, change.Operation);
        Assert.Empty(change.Columns);
    }

    [Theory]
    [InlineData("I", "(a,b) values ('1','2", "unterminated literal at position 18 in ev_data")]
    [InlineData("I", "(a,b) values ('1',E'2\\", "unterminated literal (backslash at the end) at position 22 in ev_data")]
    [InlineData("I", "(a,\"b) values ('1')", "unterminated quoted identifier at position 3 in ev_data")]
    [InlineData("I", "(a,b) values ('1')", "expected ',', found ')' at position 17 in ev_data")]
    [InlineData("I", "(a) values ('1','2')", "expected ')', found ',' at position 15 in ev_data")]
    [InlineData("I", "(a) values (1)", "expected a quoted literal or null, found '1' at position 12 in ev_data")]
    [InlineData("I", "(a) values ('1') x", "unexpected text 'x' at position 17 in ev_data")]
    [InlineData("I", "(a,a) values ('1','2')", "column \"a\" appears twice in ev_data")]
    [InlineData("I", "", "expected '(', found the end at position 0 in ev_data")]
    [InlineData("U", "a='1' b='2'", "expected \"where\" at position 6 in ev_data")]
    [InlineData("U", "a='1' where", "expected a column name, found the end at position 11 in ev_data")]
    [InlineData("D", "a='1' and", "expected a column name, found the end at position 9 in ev_data")]
    [InlineData("D", "a=", "expected a value, found the end at position 2 in ev_data")]
    [InlineData("D", "a=E'\\u12'", "bad \\u escape in literal at position 8 in ev_data")]
    [InlineData("D", "a=E'\\000'", "a literal may not contain a zero character at position 8 in ev_data")]
    [InlineData("D", "a=E'\\xc3('", "byte escapes are not valid UTF-8 at position 9 in ev_data")]
    [InlineData("D", "a=E'\\xff'", "byte escapes are not valid UTF-8 at position 9 in ev_data")]
    [InlineData("R", "x", "truncate event (R) carries data")]
    public void Malformed_fragments_name_event_table_and_problem(string type, string data, string problem)
    {
        var error = Assert.Throws<EventFormatException>(() => Decode(type, data));
        Assert.Equal($"Event 42 (table Odd Schema.T3): {problem}", error.Message);
    }
}
