using System.Buffers;
using System.Text;

namespace PgQ.Events;

/// <summary>
/// Decodes <c>pgq.logutriga</c>'s urlencoded rows: <c>k=v&amp;k2&amp;k3=</c>. A key without <c>=</c> is NULL,
/// <c>k=</c> the empty string; <c>+</c> is a space, <c>%xx</c> a byte (either hex case); the bytes are UTF-8, so a
/// character split over several escapes decodes whole. Empty elements are skipped (as Python's
/// <c>skytools.db_urldecode</c> does); a key given twice is an error.
/// </summary>
internal static class UrlEncodedRow
{
    private const int StackLimit = 256;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static RowValues Parse(ReadOnlySpan<char> data, string field)
    {
        if (data.IsEmpty)
        {
            return RowValues.Empty;
        }

        var columns = new ColumnValue[data.Count('&') + 1];
        var count = 0;
        var offset = 0;
        while (offset <= data.Length)
        {
            var rest = data[offset..];
            var end = rest.IndexOf('&');
            var element = end < 0 ? rest : rest[..end];
            if (!element.IsEmpty)
            {
                var eq = element.IndexOf('=');
                string name;
                string? value;
                if (eq < 0)
                {
                    name = DecodeName(count, element, field, offset);
                    value = null;
                }
                else
                {
                    name = DecodeName(count, element[..eq], field, offset);
                    value = Decode(element[(eq + 1)..], field, offset + eq + 1);
                }

                columns[count++] = new ColumnValue(name, value);
            }

            if (end < 0)
            {
                break;
            }

            offset += end + 1;
        }

        var row = new RowValues(columns, count);
        ColumnNameCache.Remember(columns, count);
        var duplicate = row.FindDuplicateName();
        if (duplicate is not null)
        {
            throw new RowFormatError($"column \"{duplicate}\" appears twice in {field}");
        }

        return row;
    }

    /// <summary>A key without escapes reads as itself, so it may match the previous row's name as is.</summary>
    private static string DecodeName(int index, ReadOnlySpan<char> raw, string field, int position) =>
        (raw.IndexOfAny('%', '+') < 0 ? ColumnNameCache.Find(index, raw) : null) ?? Decode(raw, field, position);

    /// <summary>Decodes one key or value in a single pass; <paramref name="position"/> is its offset, for messages.</summary>
    public static string Decode(ReadOnlySpan<char> text, string field, int position)
    {
        if (text.IndexOfAny('%', '+') < 0 && !ContainsNonAscii(text))
        {
            return new string(text);
        }

        // Every input char makes at most 3 UTF-8 bytes (a surrogate pair, 2 chars, makes 4).
        var maxBytes = text.Length * 3;
        byte[]? rented = null;
        var buffer = maxBytes <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '+')
                {
                    buffer[length++] = (byte)' ';
                }
                else if (c == '%')
                {
                    if (i + 2 >= text.Length)
                    {
                        throw new RowFormatError($"incomplete percent escape \"{new string(text[i..])}\" at position {position + i} in {field}");
                    }

                    var high = HexValue(text[i + 1]);
                    var low = HexValue(text[i + 2]);
                    if (high < 0 || low < 0)
                    {
                        throw new RowFormatError($"bad percent escape \"{new string(text.Slice(i, 3))}\" at position {position + i} in {field}");
                    }

                    buffer[length++] = (byte)((high << 4) | low);
                    i += 2;
                }
                else if (c < 0x80)
                {
                    buffer[length++] = (byte)c;
                }
                else
                {
                    // Raw non-ASCII text (not what the triggers write, but harmless): its own UTF-8 bytes.
                    var run = 1;
                    while (i + run < text.Length && text[i + run] >= 0x80)
                    {
                        run++;
                    }

                    try
                    {
                        length += StrictUtf8.GetBytes(text.Slice(i, run), buffer[length..]);
                    }
                    catch (EncoderFallbackException ex)
                    {
                        throw new RowFormatError($"invalid UTF-16 text at position {position + i} in {field}", ex);
                    }

                    i += run - 1;
                }
            }

            try
            {
                return StrictUtf8.GetString(buffer[..length]);
            }
            catch (DecoderFallbackException ex)
            {
                throw new RowFormatError($"invalid UTF-8 in \"{new string(text)}\" at position {position} in {field}", ex);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool ContainsNonAscii(ReadOnlySpan<char> text) => !Ascii.IsValid(text);

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
