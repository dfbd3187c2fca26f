namespace PgQ.Events;

/// <summary>
/// Decodes the events of PgQ's table triggers into <see cref="RowChange"/>s, whichever trigger wrote them. The format
/// is told by <c>ev_type</c>, as Londiste does:
/// <list type="bullet">
/// <item><c>{...}</c> (a JSON object): <c>pgq.jsontriga</c>;</item>
/// <item><c>I:pk1,pk2</c>, <c>U:..</c>, <c>D:..</c>: <c>pgq.logutriga</c> (urlencoded row);</item>
/// <item><c>I</c>, <c>U</c>, <c>D</c>: <c>pgq.sqltriga</c> (SQL fragment);</item>
/// <item><c>R</c>: a truncate, from logutriga or sqltriga (both write <c>R</c> with empty data, so the two cannot
/// and need not be told apart).</item>
/// </list>
/// The table is <c>ev_extra1</c> (<c>schema.table</c>, unquoted, split at the first dot; a name without dot is in
/// <c>public</c>); a JSON event's own <c>"table"</c> pair is used instead when present, because it is exact even when
/// the schema name holds a dot. The old row (trigger argument <c>backup</c>) is read from <c>ev_extra2</c>, as a JSON
/// object or urlencoded (jsontriga before 3.5.2 and the other triggers). Malformed events throw
/// <see cref="EventFormatException"/>.
/// </summary>
public static class RowChangeDecoder
{
    [ThreadStatic]
    private static (string Extra1, string Schema, string Table)? t_lastTable;

    [ThreadStatic]
    private static (string Type, IReadOnlyList<string> Keys)? t_lastKeys;

    [ThreadStatic]
    private static (string Type, JsonEventType Parsed)? t_lastJsonType;

    /// <summary>Decodes one trigger event.</summary>
    /// <exception cref="EventFormatException">The event is not a well-formed trigger event; the message names the event id, the table and the problem.</exception>
    public static RowChange Decode(PgQEvent ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        try
        {
            return DecodeUnchecked(ev);
        }
        catch (RowFormatError error)
        {
            throw new EventFormatException(ev.Id, ev.Extra1, error.Message, error);
        }
    }

    /// <summary>
    /// Decodes a urlencoded row (<c>k=v&amp;k2&amp;k3=</c>) as written by <c>pgq.logutriga</c> or Python's
    /// <c>skytools.db_urlencode</c>; a key without <c>=</c> is NULL.
    /// </summary>
    /// <exception cref="EventFormatException">Bad percent escape, invalid UTF-8 or a duplicate key.</exception>
    public static RowValues DecodeUrlEncoded(ReadOnlySpan<char> data)
    {
        try
        {
            return UrlEncodedRow.Parse(data, "urlencoded data");
        }
        catch (RowFormatError error)
        {
            throw new EventFormatException(error.Message, error);
        }
    }

    private static RowChange DecodeUnchecked(PgQEvent ev)
    {
        var type = ev.Type;
        if (string.IsNullOrEmpty(type))
        {
            throw new RowFormatError("ev_type is empty; not a table trigger event");
        }

        if (type[0] == '{')
        {
            return DecodeJson(ev, type);
        }

        if (type.Length >= 2 && type[1] == ':' && ToOperation(type[0]) is { } urlOperation and not RowOperation.Truncate)
        {
            var keys = UrlKeys(type);
            var columns = UrlEncodedRow.Parse(ev.Data, "ev_data");
            var old = OldRow(ev);
            return Build(ev, RowChangeFormat.UrlEncoded, urlOperation, TableName(ev), keys, columns, OldKeyValues(urlOperation, columns, old, keys), old);
        }

        if (type.Length == 1 && ToOperation(type[0]) is { } sqlOperation)
        {
            return DecodeSql(ev, sqlOperation);
        }

        throw new RowFormatError($"unknown ev_type \"{Shorten(type)}\"; expected I:/U:/D: with key names, I/U/D/R, or a JSON object");
    }

    private static RowChange DecodeJson(PgQEvent ev, string type)
    {
        var parsed = JsonType(type);
        var name = parsed.Table is not null ? (parsed.Schema!, parsed.Table) : TableName(ev);
        if (parsed.Operation == RowOperation.Truncate)
        {
            return Build(ev, RowChangeFormat.Json, RowOperation.Truncate, name, [], RowValues.Empty, RowValues.Empty, null);
        }

        if (string.IsNullOrEmpty(ev.Data))
        {
            throw new RowFormatError("ev_data is empty; expected the row as a JSON object");
        }

        var columns = JsonRow.ParseRow(ev.Data, "ev_data");
        var old = OldRow(ev);
        return Build(ev, RowChangeFormat.Json, parsed.Operation, name, parsed.KeyColumns, columns, OldKeyValues(parsed.Operation, columns, old, parsed.KeyColumns), old);
    }

    private static RowChange DecodeSql(PgQEvent ev, RowOperation operation)
    {
        var name = TableName(ev);
        var data = ev.Data.AsSpan();
        switch (operation)
        {
            case RowOperation.Truncate:
                if (!data.IsWhiteSpace())
                {
                    throw new RowFormatError("truncate event (R) carries data");
                }

                return Build(ev, RowChangeFormat.Sql, operation, name, [], RowValues.Empty, RowValues.Empty, null);
            case RowOperation.Insert:
                return Build(ev, RowChangeFormat.Sql, operation, name, [], SqlFragment.ParseInsert(data), RowValues.Empty, OldRow(ev));
            case RowOperation.Update:
                var (set, where) = SqlFragment.ParseUpdate(data);
                return Build(ev, RowChangeFormat.Sql, operation, name, NamesOf(where), set, where, OldRow(ev));
            default:
                var key = SqlFragment.ParseDelete(data);
                return Build(ev, RowChangeFormat.Sql, operation, name, NamesOf(key), key, key, OldRow(ev));
        }
    }

    private static RowChange Build(
        PgQEvent ev,
        RowChangeFormat format,
        RowOperation operation,
        (string Schema, string Table) name,
        IReadOnlyList<string> keys,
        RowValues columns,
        RowValues keyValues,
        RowValues? old) =>
        new(ev.Id, format, operation, name.Schema, name.Table, keys, columns, keyValues, old);

    private static RowOperation? ToOperation(char c) => c switch
    {
        'I' => RowOperation.Insert,
        'U' => RowOperation.Update,
        'D' => RowOperation.Delete,
        'R' => RowOperation.Truncate,
        _ => null,
    };

    private static (string Schema, string Table) TableName(PgQEvent ev)
    {
        // Events come in runs per table: the last name decoded on this thread is reused without allocating.
        var last = t_lastTable;
        if (last is not null && string.Equals(last.Value.Extra1, ev.Extra1, StringComparison.Ordinal))
        {
            return (last.Value.Schema, last.Value.Table);
        }

        var parsed = SplitTableName(ev.Extra1);
        t_lastTable = (ev.Extra1!, parsed.Schema, parsed.Table);
        return parsed;
    }

    private static JsonEventType JsonType(string type)
    {
        var last = t_lastJsonType;
        if (last is not null && string.Equals(last.Value.Type, type, StringComparison.Ordinal))
        {
            return last.Value.Parsed;
        }

        var parsed = JsonRow.ParseType(type);
        t_lastJsonType = (type, parsed);
        return parsed;
    }

    private static IReadOnlyList<string> UrlKeys(string type)
    {
        var last = t_lastKeys;
        if (last is not null && string.Equals(last.Value.Type, type, StringComparison.Ordinal))
        {
            return last.Value.Keys;
        }

        // Read-only because the list is shared by every event with the same ev_type.
        IReadOnlyList<string> keys = Array.AsReadOnly(SplitKeys(type.AsSpan(2)));
        t_lastKeys = (type, keys);
        return keys;
    }

    private static (string Schema, string Table) SplitTableName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new RowFormatError("ev_extra1 (the table name) is empty");
        }

        var dot = name.IndexOf('.');
        if (dot < 0)
        {
            return ("public", name);
        }

        if (dot == 0 || dot == name.Length - 1)
        {
            throw new RowFormatError($"ev_extra1 \"{name}\" is not schema.table");
        }

        return (name[..dot], name[(dot + 1)..]);
    }

    private static string[] SplitKeys(ReadOnlySpan<char> list)
    {
        if (list.IsEmpty)
        {
            return [];
        }

        var keys = new string[list.Count(',') + 1];
        var index = 0;
        foreach (var range in list.Split(','))
        {
            var key = list[range];
            if (key.IsEmpty)
            {
                throw new RowFormatError("ev_type has an empty key column name");
            }

            keys[index++] = new string(key);
        }

        return keys;
    }

    private static string[] NamesOf(RowValues row)
    {
        var names = new string[row.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = row[i].Name;
        }

        return names;
    }

    /// <summary>
    /// The key that finds the row before the change. For an update whose <c>ev_extra2</c> holds the key columns (the
    /// <c>backup</c> image of the old row, or the old key alone that our triggers write when an update changes the
    /// key) they come from there; otherwise from the row itself.
    /// </summary>
    private static RowValues OldKeyValues(RowOperation operation, RowValues columns, RowValues? old, IReadOnlyList<string> keys)
    {
        if (operation == RowOperation.Update && old is not null && keys.Count > 0 && keys.All(old.Contains))
        {
            return KeyValuesOf(old, keys, "ev_extra2");
        }

        return KeyValuesOf(columns, keys, "ev_data");
    }

    private static RowValues KeyValuesOf(RowValues columns, IReadOnlyList<string> keys, string field)
    {
        if (keys.Count == 0)
        {
            return RowValues.Empty;
        }

        var values = new ColumnValue[keys.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var index = columns.IndexOf(keys[i]);
            if (index < 0)
            {
                throw new RowFormatError($"key column \"{keys[i]}\" is missing from {field}");
            }

            values[i] = columns[index];
        }

        return new RowValues(values, values.Length);
    }

    private static RowValues? OldRow(PgQEvent ev)
    {
        var old = ev.Extra2;
        if (old is null)
        {
            return null;
        }

        return old.Length > 0 && old[0] == '{' ? JsonRow.ParseRow(old, "ev_extra2") : UrlEncodedRow.Parse(old, "ev_extra2");
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
