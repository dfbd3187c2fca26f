using System.Collections;

namespace PgQ.Events;

/// <summary>
/// The columns of one decoded row in the order the event lists them (table attribute order for the triggers).
/// Column names are unique. Lookup by name is ordinal (case-sensitive), as PostgreSQL names are.
/// </summary>
public sealed class RowValues : IReadOnlyList<ColumnValue>
{
    private readonly ColumnValue[] _columns;
    private readonly int _count;

    /// <summary>An empty row (a truncate event).</summary>
    public static readonly RowValues Empty = new([], 0);

    internal RowValues(ColumnValue[] columns, int count)
    {
        _columns = columns;
        _count = count;
    }

    /// <summary>Number of columns.</summary>
    public int Count => _count;

    /// <summary>The column at <paramref name="index"/>.</summary>
    public ColumnValue this[int index] =>
        (uint)index < (uint)_count ? _columns[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The columns as a span (no copy).</summary>
    public ReadOnlySpan<ColumnValue> AsSpan() => _columns.AsSpan(0, _count);

    /// <summary>Whether the row has a column called <paramref name="name"/>.</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Position of column <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Gets the value of column <paramref name="name"/>; false when the row has no such column.</summary>
    public bool TryGetValue(string name, out string? value)
    {
        var index = IndexOf(name);
        value = index >= 0 ? _columns[index].Value : null;
        return index >= 0;
    }

    /// <summary>The value of column <paramref name="name"/> (null for SQL NULL).</summary>
    /// <exception cref="KeyNotFoundException">The row has no such column.</exception>
    public string? GetValue(string name) =>
        TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"column \"{name}\" is not in the row");

    /// <inheritdoc />
    public IEnumerator<ColumnValue> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _columns[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The name of the first column that appears twice, or null.</summary>
    internal string? FindDuplicateName()
    {
        if (_count <= 16)
        {
            for (var i = 1; i < _count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(_columns[i].Name, _columns[j].Name, StringComparison.Ordinal))
                    {
                        return _columns[i].Name;
                    }
                }
            }

            return null;
        }

        var seen = new HashSet<string>(_count, StringComparer.Ordinal);
        for (var i = 0; i < _count; i++)
        {
            if (!seen.Add(_columns[i].Name))
            {
                return _columns[i].Name;
            }
        }

        return null;
    }
}
