using System.Buffers;
using System.Text;
using System.Text.Json;

namespace PgQ.Events;

/// <summary>
/// Decodes <c>pgq.jsontriga</c> events. Checked against the original (pgq 3.5, PostgreSQL 15): <c>ev_type</c> is
/// <c>{"op":"INSERT","table":["Odd Schema","Mixed Case"],"pkey":["id","Key 2"]}</c> (op <c>INSERT</c>,
/// <c>UPDATE</c>, <c>DELETE</c>, <c>TRUNCATE</c>); <c>ev_data</c> is the row as an object in attribute order, <c>{}</c>
/// for truncate. SQL NULL is <c>null</c>; int2/4/8 are bare numbers; bool is <c>true</c>/<c>false</c>; timestamps and
/// dates are ISO 8601 strings (<c>2024-01-02T01:04:05.123+00:00</c>); everything else (numeric, float, bytea, arrays,
/// json, jsonb) is a string holding the type's text output. A value becomes text PostgreSQL's input accepts: a string
/// as is, a number as written, a boolean as <c>true</c>/<c>false</c>, a nested object or array as its JSON text.
/// </summary>
internal static class JsonRow
{
    private const int StackLimit = 512;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static JsonEventType ParseType(string evType)
    {
        return WithUtf8(evType, "ev_type", static (bytes, _) =>
        {
            var reader = new Utf8JsonReader(bytes);
            ReadStartObject(ref reader, "ev_type");
            RowOperation? operation = null;
            string? schema = null;
            string? table = null;
            string[] keys = [];
            while (Read(ref reader, "ev_type") && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("op"u8))
                {
                    Read(ref reader, "ev_type");
                    operation = reader.TokenType == JsonTokenType.String ? ParseOperation(reader.GetString()!) : null;
                    if (operation is null)
                    {
                        throw new RowFormatError("ev_type \"op\" must be \"INSERT\", \"UPDATE\", \"DELETE\" or \"TRUNCATE\"");
                    }
                }
                else if (reader.ValueTextEquals("table"u8))
                {
                    Read(ref reader, "ev_type");
                    var parts = ReadStringArray(ref reader, "table");
                    if (parts.Length != 2)
                    {
                        throw new RowFormatError("ev_type \"table\" must be [schema, name]");
                    }

                    schema = parts[0];
                    table = parts[1];
                }
                else if (reader.ValueTextEquals("pkey"u8))
                {
                    Read(ref reader, "ev_type");
                    keys = ReadStringArray(ref reader, "pkey");
                }
                else
                {
                    Read(ref reader, "ev_type");
                    Skip(ref reader, "ev_type");
                }
            }

            ReadEnd(ref reader, "ev_type");
            if (operation is null)
            {
                throw new RowFormatError("ev_type has no \"op\"");
            }

            // Read-only because the decoder shares it among the events with the same ev_type.
            return new JsonEventType(operation.Value, schema, table, Array.AsReadOnly(keys));
        });
    }

    public static RowValues ParseRow(string json, string field)
    {
        var row = WithUtf8(json, field, static (bytes, field) =>
        {
            var reader = new Utf8JsonReader(bytes);
            ReadStartObject(ref reader, field);
            var columns = new ColumnValue[8];
            var count = 0;
            while (Read(ref reader, field) && reader.TokenType == JsonTokenType.PropertyName)
            {
                var cached = ColumnNameCache.At(count);
                var name = cached is not null && reader.ValueTextEquals(cached) ? cached : reader.GetString()!;
                Read(ref reader, field);
                string? value = reader.TokenType switch
                {
                    JsonTokenType.Null => null,
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                    JsonTokenType.True => "true",
                    JsonTokenType.False => "false",
                    _ => RawValue(ref reader, bytes, field),
                };
                if (count == columns.Length)
                {
                    Array.Resize(ref columns, count * 2);
                }

                columns[count++] = new ColumnValue(name, value);
            }

            ReadEnd(ref reader, field);
            ColumnNameCache.Remember(columns, count);
            return new RowValues(columns, count);
        });
        var duplicate = row.FindDuplicateName();
        if (duplicate is not null)
        {
            throw new RowFormatError($"column \"{duplicate}\" appears twice in {field}");
        }

        return row;
    }

    private static string RawValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> bytes, string field)
    {
        var start = (int)reader.TokenStartIndex;
        Skip(ref reader, field);
        return Encoding.UTF8.GetString(bytes[start..(int)reader.BytesConsumed]);
    }

    private static void Skip(ref Utf8JsonReader reader, string field)
    {
        try
        {
            reader.Skip();
        }
        catch (JsonException ex)
        {
            throw Broken(field, ex);
        }
    }

    private static RowOperation? ParseOperation(string op) => op switch
    {
        "INSERT" => RowOperation.Insert,
        "UPDATE" => RowOperation.Update,
        "DELETE" => RowOperation.Delete,
        "TRUNCATE" => RowOperation.Truncate,
        _ => null,
    };

    private static string[] ReadStringArray(ref Utf8JsonReader reader, string property)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new RowFormatError($"ev_type \"{property}\" must be an array of strings");
        }

        var items = new List<string>(2);
        while (Read(ref reader, "ev_type") && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new RowFormatError($"ev_type \"{property}\" must be an array of strings");
            }

            items.Add(reader.GetString()!);
        }

        return [.. items];
    }

    private static void ReadStartObject(ref Utf8JsonReader reader, string field)
    {
        if (!Read(ref reader, field) || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RowFormatError($"{field} is not a JSON object");
        }
    }

    /// <summary>After the closing brace of the top object: nothing but whitespace may follow.</summary>
    private static void ReadEnd(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new RowFormatError($"{field} is not a flat JSON object (unexpected {reader.TokenType})");
        }

        if (Read(ref reader, field))
        {
            throw new RowFormatError($"{field} has text after its JSON object");
        }
    }

    private static bool Read(ref Utf8JsonReader reader, string field)
    {
        try
        {
            return reader.Read();
        }
        catch (JsonException ex)
        {
            throw Broken(field, ex);
        }
    }

    private static RowFormatError Broken(string field, JsonException ex) =>
        new($"{field} is not valid JSON: {ex.Message}", ex);

    private delegate T Utf8Parser<T>(ReadOnlySpan<byte> bytes, string field);

    private static T WithUtf8<T>(string text, string field, Utf8Parser<T> parse)
    {
        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException ex)
        {
            throw new RowFormatError($"{field} is not valid UTF-16 text", ex);
        }

        byte[]? rented = null;
        var buffer = byteCount <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            var length = StrictUtf8.GetBytes(text, buffer);
            return parse(buffer[..length], field);
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader.GetString on an invalid escape.
            throw new RowFormatError($"{field} is not valid JSON: {ex.Message}", ex);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
