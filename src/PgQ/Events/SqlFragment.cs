using System.Globalization;
using System.Text;

namespace PgQ.Events;

/// <summary>
/// Parses <c>pgq.sqltriga</c>'s SQL fragments into names and text values. Checked against the original (pgq 3.5):
/// insert <c>(id,"Key 2",t) values ('1','k K',E'a\\b',null)</c>; update <c>t=NULL,bo='f' where id='1' and "Key 2"='k'</c>;
/// delete <c>id='2' and "Key 2"=''</c>. Identifiers are bare (folded to lower case, as PostgreSQL does) or
/// double-quoted with <c>""</c> escapes; values are <c>'..'</c> with <c>''</c> escapes, <c>E'..'</c> with backslash
/// escapes, or <c>null</c> in any case.
/// </summary>
internal ref struct SqlFragment
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<char> _text;
    private int _pos;

    private SqlFragment(ReadOnlySpan<char> text)
    {
        _text = text;
        _pos = 0;
    }

    /// <summary><c>(c1,c2) values (v1,v2)</c>.</summary>
    public static RowValues ParseInsert(ReadOnlySpan<char> text)
    {
        var parser = new SqlFragment(text);
        parser.Expect('(');
        var names = new List<string>();
        do
        {
            names.Add(parser.Identifier());
        }
        while (parser.TryConsume(','));
        parser.Expect(')');
        parser.ExpectKeyword("values");
        parser.Expect('(');
        var columns = new ColumnValue[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                parser.Expect(',');
            }

            columns[i] = new ColumnValue(names[i], parser.Value());
        }

        parser.Expect(')');
        parser.ExpectEnd();
        return Checked(new RowValues(columns, columns.Length));
    }

    /// <summary><c>c1='v',c2=NULL where k1='v' and k2='v'</c>: the SET list and the WHERE list.</summary>
    public static (RowValues Set, RowValues Where) ParseUpdate(ReadOnlySpan<char> text)
    {
        var parser = new SqlFragment(text);
        var set = new List<ColumnValue>();
        do
        {
            set.Add(parser.Assignment());
        }
        while (parser.TryConsume(','));
        parser.ExpectKeyword("where");
        var where = parser.Conditions();
        parser.ExpectEnd();
        return (Checked(new RowValues([.. set], set.Count)), where);
    }

    /// <summary><c>k1='v' and k2='v'</c>.</summary>
    public static RowValues ParseDelete(ReadOnlySpan<char> text)
    {
        var parser = new SqlFragment(text);
        var where = parser.Conditions();
        parser.ExpectEnd();
        return where;
    }

    private static RowValues Checked(RowValues row)
    {
        var duplicate = row.FindDuplicateName();
        return duplicate is null ? row : throw new RowFormatError($"column \"{duplicate}\" appears twice in ev_data");
    }

    private RowValues Conditions()
    {
        var where = new List<ColumnValue>(2);
        do
        {
            where.Add(Assignment());
        }
        while (TryKeyword("and"));
        return Checked(new RowValues([.. where], where.Count));
    }

    private ColumnValue Assignment()
    {
        var name = Identifier();
        Expect('=');
        return new ColumnValue(name, Value());
    }

    private string Identifier()
    {
        SkipSpace();
        if (_pos >= _text.Length)
        {
            throw Error("expected a column name, found the end");
        }

        if (_text[_pos] == '"')
        {
            return Quoted('"', backslashes: false, "quoted identifier");
        }

        var start = _pos;
        while (_pos < _text.Length && IsIdentifierChar(_text[_pos], _pos == start))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error($"expected a column name, found '{_text[_pos]}'");
        }

        // PostgreSQL folds unquoted names to lower case (ASCII only).
        var name = _text[start.._pos];
        if (name.IndexOfAnyInRange('A', 'Z') < 0)
        {
            return new string(name);
        }

        var folded = name.ToArray();
        for (var i = 0; i < folded.Length; i++)
        {
            if (folded[i] is >= 'A' and <= 'Z')
            {
                folded[i] = (char)(folded[i] + 32);
            }
        }

        return new string(folded);
    }

    private string? Value()
    {
        SkipSpace();
        if (_pos >= _text.Length)
        {
            throw Error("expected a value, found the end");
        }

        var c = _text[_pos];
        if (c == '\'')
        {
            return Quoted('\'', backslashes: false, "literal");
        }

        if ((c == 'E' || c == 'e') && _pos + 1 < _text.Length && _text[_pos + 1] == '\'')
        {
            _pos++;
            return Quoted('\'', backslashes: true, "literal");
        }

        if (TryKeyword("null"))
        {
            return null;
        }

        throw Error($"expected a quoted literal or null, found '{c}'");
    }

    /// <summary>Reads a quoted token starting at the opening quote; a doubled quote stands for one.</summary>
    private string Quoted(char quote, bool backslashes, string what)
    {
        var start = _pos;
        _pos++;
        var body = _text[_pos..];
        var simpleEnd = backslashes ? body.IndexOfAny(quote, '\\') : body.IndexOf(quote);
        if (simpleEnd >= 0 && body[simpleEnd] == quote && (simpleEnd + 1 >= body.Length || body[simpleEnd + 1] != quote))
        {
            _pos += simpleEnd + 1;
            return new string(body[..simpleEnd]);
        }

        var builder = new StringBuilder(body.Length);

        // \xNN and octal escapes are bytes of the (UTF-8) text; consecutive ones are gathered and decoded together.
        var bytes = new List<byte>();
        while (_pos < _text.Length)
        {
            var c = _text[_pos++];
            if (c == '\\' && backslashes)
            {
                var value = Escape(builder, bytes);
                if (value >= 0)
                {
                    bytes.Add((byte)value);
                }

                continue;
            }

            FlushBytes(builder, bytes);
            if (c == quote)
            {
                if (_pos < _text.Length && _text[_pos] == quote)
                {
                    builder.Append(quote);
                    _pos++;
                    continue;
                }

                return builder.ToString();
            }

            builder.Append(c);
        }

        _pos = start;
        throw Error($"unterminated {what}");
    }

    /// <summary>
    /// One backslash escape of an E'..' literal; <see cref="_pos"/> is just after the backslash. Returns the byte of a
    /// <c>\xNN</c> or octal escape, or -1 after appending a character to <paramref name="builder"/>.
    /// </summary>
    private int Escape(StringBuilder builder, List<byte> bytes)
    {
        if (_pos >= _text.Length)
        {
            throw Error("unterminated literal (backslash at the end)");
        }

        var c = _text[_pos++];
        switch (c)
        {
            case 'x':
                return Digits(16, 1, 2, "\\x");
            case >= '0' and <= '7':
                _pos--;
                var octal = Digits(8, 1, 3, "octal");
                return octal <= 0xFF ? octal : throw Error("octal escape above \\377 in literal");
        }

        FlushBytes(builder, bytes);
        switch (c)
        {
            case 'b': builder.Append('\b'); break;
            case 'f': builder.Append('\f'); break;
            case 'n': builder.Append('\n'); break;
            case 'r': builder.Append('\r'); break;
            case 't': builder.Append('\t'); break;
            case 'u': AppendCodePoint(builder, Digits(16, 4, 4, "\\u")); break;
            case 'U': AppendCodePoint(builder, Digits(16, 8, 8, "\\U")); break;
            default: builder.Append(c); break;
        }

        return -1;
    }

    private void FlushBytes(StringBuilder builder, List<byte> bytes)
    {
        if (bytes.Count == 0)
        {
            return;
        }

        try
        {
            builder.Append(StrictUtf8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes)));
        }
        catch (DecoderFallbackException ex)
        {
            throw new RowFormatError($"byte escapes are not valid UTF-8 at position {_pos} in ev_data", ex);
        }

        bytes.Clear();
    }

    private int Digits(int radix, int min, int max, string what)
    {
        var start = _pos;
        var value = 0;
        while (_pos < _text.Length && _pos - start < max)
        {
            var digit = HexDigit(_text[_pos]);
            if (digit < 0 || digit >= radix)
            {
                break;
            }

            value = (value * radix) + digit;
            _pos++;
        }

        if (_pos - start < min)
        {
            throw Error($"bad {what} escape in literal");
        }

        if (value == 0)
        {
            throw Error("a literal may not contain a zero character");
        }

        return value;
    }

    private void AppendCodePoint(StringBuilder builder, int codePoint)
    {
        if (!Rune.IsValid(codePoint))
        {
            throw Error($"invalid Unicode escape value {codePoint.ToString("X", CultureInfo.InvariantCulture)}");
        }

        builder.Append(new Rune(codePoint).ToString());
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsIdentifierChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or >= '\u0080' || (!first && (c is (>= '0' and <= '9') or '$'));

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private bool TryConsume(char c)
    {
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (!TryConsume(c))
        {
            throw Error(_pos < _text.Length ? $"expected '{c}', found '{_text[_pos]}'" : $"expected '{c}', found the end");
        }
    }

    /// <summary>Consumes <paramref name="keyword"/> (any case) when it stands as a whole word at the current position.</summary>
    private bool TryKeyword(string keyword)
    {
        SkipSpace();
        var rest = _text[_pos..];
        if (rest.Length >= keyword.Length
            && rest[..keyword.Length].Equals(keyword, StringComparison.OrdinalIgnoreCase)
            && (rest.Length == keyword.Length || !IsIdentifierChar(rest[keyword.Length], first: false)))
        {
            _pos += keyword.Length;
            return true;
        }

        return false;
    }

    private void ExpectKeyword(string keyword)
    {
        if (!TryKeyword(keyword))
        {
            throw Error($"expected \"{keyword}\"");
        }
    }

    private void ExpectEnd()
    {
        SkipSpace();
        if (_pos < _text.Length)
        {
            throw Error($"unexpected text '{Excerpt()}'");
        }
    }

    private readonly string Excerpt()
    {
        var rest = _text[_pos..];
        return rest.Length <= 20 ? new string(rest) : new string(rest[..20]) + "...";
    }

    private readonly RowFormatError Error(string problem) => new($"{problem} at position {_pos} in ev_data");
}
