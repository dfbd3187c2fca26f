using System.Text;
using PgQ.Events;

namespace Londiste.Apply;

/// <summary>
/// The columns a group's statement writes and matches, worked out once from the group's first change: which event
/// columns go where, their casts, and the statement text. Later changes join the group only with the same column
/// names in the same order (the triggers write every row of a table the same way, so this almost always holds).
/// </summary>
internal sealed class GroupShape
{
    private readonly RowOperation _operation;
    private readonly ColumnValue[] _names;
    private readonly IReadOnlyList<string> _keyNames;
    private readonly bool _keyChanged;
    private readonly int[] _valueIndexes;
    private readonly TargetColumn[] _valueColumns;
    private readonly TargetColumn[] _keyColumns;

    private GroupShape(RowOperation operation, ColumnValue[] names, IReadOnlyList<string> keyNames, bool keyChanged,
        int[] valueIndexes, TargetColumn[] valueColumns, TargetColumn[] keyColumns)
    {
        _operation = operation;
        _names = names;
        _keyNames = keyNames;
        _keyChanged = keyChanged;
        _valueIndexes = valueIndexes;
        _valueColumns = valueColumns;
        _keyColumns = keyColumns;
    }

    /// <summary><c>text[]</c> parameters per statement: written columns, then key columns (update, delete).</summary>
    public int ParameterCount => _valueColumns.Length + _keyColumns.Length;

    /// <summary>An update that changes nothing the target stores (only generated columns, or only an unchanged key).</summary>
    public bool IsNoop => _operation == RowOperation.Update && _valueColumns.Length == 0;

    public static GroupShape Of(TargetTable table, RowChange change)
    {
        var names = change.Columns.AsSpan().ToArray();
        var keys = change.KeyColumns;
        if (change.Operation != RowOperation.Insert && keys.Count == 0)
        {
            throw new ApplyException(
                $"{Verb(change.Operation)} event {change.EventId} on table {change.QualifiedName} names no key columns; "
                + "the source table needs a primary key (or the trigger's pkey= argument)",
                table.Name, null, change.EventId, change.EventId);
        }

        var keyColumns = new TargetColumn[change.Operation == RowOperation.Insert ? 0 : keys.Count];
        for (var i = 0; i < keyColumns.Length; i++)
        {
            keyColumns[i] = Require(table, change, keys[i]);
        }

        var keyChanged = change.Operation == RowOperation.Update && KeyChanged(change, keys);
        var indexes = new List<int>(names.Length);
        var columns = new List<TargetColumn>(names.Length);
        if (change.Operation != RowOperation.Delete)
        {
            for (var i = 0; i < names.Length; i++)
            {
                var column = Require(table, change, names[i].Name);
                if (column.Generated)
                {
                    continue;
                }

                // An unchanged key is only matched, not set. A `generated always` identity column cannot be set by an
                // update (PostgreSQL allows only DEFAULT) and holds the source's value already, unless it is a key
                // that changed: then it stays in the SET and PostgreSQL's error names it.
                var isKey = Contains(keys, column.Name);
                if (change.Operation == RowOperation.Update
                    && ((isKey && !keyChanged) || (column.IdentityAlways && !isKey)))
                {
                    continue;
                }

                indexes.Add(i);
                columns.Add(column);
            }
        }

        return new GroupShape(change.Operation, names, keys, keyChanged, [.. indexes], [.. columns], keyColumns);
    }

    /// <summary>Whether <paramref name="change"/> (of the same operation) has this shape.</summary>
    public bool Fits(RowChange change)
    {
        if (!SameNames(change.KeyColumns, _keyNames))
        {
            return false;
        }

        if (_operation != RowOperation.Delete)
        {
            var names = change.Columns.AsSpan();
            if (names.Length != _names.Length)
            {
                return false;
            }

            for (var i = 0; i < names.Length; i++)
            {
                if (!SameName(names[i].Name, _names[i].Name))
                {
                    return false;
                }
            }
        }

        return _operation != RowOperation.Update || KeyChanged(change, _keyNames) == _keyChanged;
    }

    /// <summary>Appends the change's values to the group's parameter columns.</summary>
    public void Extract(RowChange change, List<string?>[] values)
    {
        var columns = change.Columns.AsSpan();
        for (var i = 0; i < _valueIndexes.Length; i++)
        {
            values[i].Add(columns[_valueIndexes[i]].Value);
        }

        for (var i = 0; i < _keyColumns.Length; i++)
        {
            values[_valueIndexes.Length + i].Add(OldKey(change, i));
        }
    }

    /// <summary>The row's key before the change and, when an update changes it, after (else null).</summary>
    public (string Old, string? New) KeyTexts(RowChange change)
    {
        var count = _keyNames.Count;
        var old = new string?[count];
        for (var i = 0; i < count; i++)
        {
            old[i] = OldKey(change, i);
        }

        if (!_keyChanged)
        {
            return (ChangeGroup.KeyText(old), null);
        }

        var next = new string?[count];
        for (var i = 0; i < count; i++)
        {
            next[i] = change.Columns.TryGetValue(_keyNames[i], out var value) ? value : old[i];
        }

        return (ChangeGroup.KeyText(old), ChangeGroup.KeyText(next));
    }

    public string Statement(TargetTable table)
    {
        var sql = new StringBuilder(256);
        var aliases = new StringBuilder();
        var unnest = new StringBuilder();
        for (var p = 1; p <= ParameterCount; p++)
        {
            aliases.Append(p > 1 ? ", p" : "p").Append(p);
            unnest.Append(p > 1 ? ", pg_catalog.unnest($" : "pg_catalog.unnest($").Append(p).Append("::text[])");
        }

        // ROWS FROM zips the arrays (the multi-argument unnest shorthand exists only unqualified).
        var source = $"rows from ({unnest}) as u({aliases})";
        switch (_operation)
        {
            case RowOperation.Insert:
                sql.Append("insert into ").Append(table.Quoted).Append(" (");
                AppendList(sql, _valueColumns, 0, (s, c, _) => s.Append(c.QuotedName));
                sql.Append(')');
                if (_valueColumns.Any(c => c.IdentityAlways))
                {
                    sql.Append(" overriding system value");
                }

                sql.Append(" select ");
                AppendList(sql, _valueColumns, 0, (s, c, p) => s.Append("u.p").Append(p).Append(c.Cast));
                sql.Append(" from ").Append(source);
                break;
            case RowOperation.Update:
                sql.Append("update only ").Append(table.Quoted).Append(" as t set ");
                AppendList(sql, _valueColumns, 0, (s, c, p) => s.Append(c.QuotedName).Append(" = u.p").Append(p).Append(c.Cast));
                sql.Append(" from ").Append(source).Append(" where ");
                AppendKeyMatch(sql, _valueColumns.Length);
                break;
            default:
                sql.Append("delete from only ").Append(table.Quoted).Append(" as t using ").Append(source).Append(" where ");
                AppendKeyMatch(sql, 0);
                break;
        }

        return sql.ToString();
    }

    private void AppendKeyMatch(StringBuilder sql, int offset)
    {
        for (var i = 0; i < _keyColumns.Length; i++)
        {
            sql.Append(i > 0 ? " and t." : "t.").Append(_keyColumns[i].QuotedName)
                .Append(" = u.p").Append(offset + i + 1).Append(_keyColumns[i].Cast);
        }
    }

    private static void AppendList(StringBuilder sql, TargetColumn[] columns, int offset, Action<StringBuilder, TargetColumn, int> item)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            if (i > 0)
            {
                sql.Append(", ");
            }

            item(sql, columns[i], offset + i + 1);
        }
    }

    private string? OldKey(RowChange change, int index)
    {
        // Our logutriga writes the old key to ev_extra2 when an update changes it (the backup argument writes the
        // whole old row there); otherwise the key is in KeyValues (the WHERE values of an SQL-fragment event).
        var name = _keyNames[index];
        if (change.OldColumns is { } old && old.TryGetValue(name, out var value))
        {
            return value;
        }

        return change.KeyValues[index].Value;
    }

    private static bool KeyChanged(RowChange change, IReadOnlyList<string> keys)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            string? old = null;
            var hasOld = change.OldColumns is { } oldRow && oldRow.TryGetValue(keys[i], out old);
            if (!hasOld)
            {
                old = change.KeyValues[i].Value;
            }

            if (change.Columns.TryGetValue(keys[i], out var now) && !string.Equals(old, now, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static TargetColumn Require(TargetTable table, RowChange change, string name) =>
        table.Column(name) ?? throw new ApplyException(
            $"column \"{name}\" of {change.QualifiedName} (event {change.EventId}) does not exist in target table {table.Name}",
            table.Name, name, change.EventId, change.EventId);

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameNames(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!SameName(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    // The decoder reuses name strings between events, so the reference check usually decides.
    private static bool SameName(string a, string b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal);

    private static string Verb(RowOperation operation) => operation == RowOperation.Update ? "update" : "delete";
}
