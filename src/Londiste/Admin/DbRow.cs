using System.Globalization;

namespace Londiste.Admin;

/// <summary>One result row by column name; SQL null is null.</summary>
public sealed class DbRow
{
    private readonly string[] _names;
    private readonly object?[] _values;

    public DbRow(string[] names, object?[] values)
    {
        _names = names;
        _values = values;
    }

    public IReadOnlyList<string> Names => _names;

    public object? this[string name] => Array.IndexOf(_names, name) is var i and >= 0
        ? _values[i]
        : throw new KeyNotFoundException($"column {name} not in result ({string.Join(", ", _names)})");

    public object? this[int index] => _values[index];

    public string? GetString(string name) => this[name] switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    public int GetInt(string name) => Convert.ToInt32(this[name], CultureInfo.InvariantCulture);

    public long? GetLong(string name) => this[name] is { } value ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;

    public bool GetBool(string name) => this[name] is true;
}
