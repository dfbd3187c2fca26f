using System.Text;
using Npgsql;
using NpgsqlTypes;
using PgQ.Events;

namespace Londiste.Apply;

/// <summary>
/// Consecutive changes of one target table with the same operation and the same columns, applied by one set-based
/// statement: every column travels as one <c>text[]</c> parameter, unnested and cast to the column's type. Values stay
/// PostgreSQL text, so NULL stays distinct from the empty string and every type's own input function parses them.
/// </summary>
/// <remarks>
/// An update group never touches a key twice (old or new key): <c>update ... from unnest(...)</c> would apply only
/// one of two changes to the same row, and two key changes in one statement could collide in a unique index in an
/// order the source never had. The caller starts a new group when <see cref="TryAdd"/> refuses.
/// </remarks>
internal sealed class ChangeGroup
{
    private readonly RowChange _first;
    private readonly GroupShape _shape;
    private readonly List<string?>[] _values;
    private readonly HashSet<string>? _keys;
    private readonly int _maxRows;

    private ChangeGroup(TargetTable table, RowChange first, GroupShape shape, int maxRows)
    {
        Table = table;
        _first = first;
        _shape = shape;
        _maxRows = maxRows;
        _values = new List<string?>[shape.ParameterCount];
        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = [];
        }

        _keys = first.Operation == RowOperation.Update ? new HashSet<string>(StringComparer.Ordinal) : null;
    }

    public TargetTable Table { get; }

    public RowOperation Operation => _first.Operation;

    public int Count { get; private set; }

    /// <summary>An update group that changes nothing the target stores; it needs no statement.</summary>
    public bool IsNoop => _shape.IsNoop;

    public long FirstEventId => _first.EventId;

    public long LastEventId { get; private set; }

    /// <summary>Opens a group with its first change.</summary>
    /// <exception cref="ApplyException">A column or key is missing on the target, or an update/delete has no key.</exception>
    public static ChangeGroup Start(TargetTable table, RowChange change, int maxRows)
    {
        var group = new ChangeGroup(table, change, GroupShape.Of(table, change), maxRows);
        if (!group.TryAdd(change))
        {
            throw new InvalidOperationException("a new group refused its first change");
        }

        return group;
    }

    /// <summary>Adds the change if it has this group's shape and, for updates, touches no key the group already has.</summary>
    public bool TryAdd(RowChange change)
    {
        if (Count >= _maxRows || change.Operation != _first.Operation || !_shape.Fits(change))
        {
            return false;
        }

        if (_keys is not null && !AddKeys(change))
        {
            return false;
        }

        _shape.Extract(change, _values);
        Count++;
        LastEventId = change.EventId;
        return true;
    }

    /// <summary>The statement for the whole group.</summary>
    public NpgsqlBatchCommand ToCommand()
    {
        var command = new NpgsqlBatchCommand(_shape.Statement(Table));
        foreach (var column in _values)
        {
            command.Parameters.Add(new NpgsqlParameter<string?[]>
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
                TypedValue = [.. column],
            });
        }

        return command;
    }

    private bool AddKeys(RowChange change)
    {
        var (oldKey, newKey) = _shape.KeyTexts(change);
        if (_keys!.Contains(oldKey) || (newKey is not null && _keys.Contains(newKey)))
        {
            return false;
        }

        _keys.Add(oldKey);
        if (newKey is not null)
        {
            _keys.Add(newKey);
        }

        return true;
    }

    /// <summary>Joins key values into one string for the distinctness check (NUL cannot occur in PostgreSQL text).</summary>
    internal static string KeyText(ReadOnlySpan<string?> values)
    {
        if (values.Length == 1)
        {
            return values[0] ?? "\0";
        }

        var text = new StringBuilder();
        foreach (var value in values)
        {
            text.Append(value is null ? "\0N" : value).Append('\0');
        }

        return text.ToString();
    }
}
