using Npgsql;
using Skytools.Sql;

namespace Londiste.Worker;

/// <summary>
/// The attributes of an EXECUTE script (<c>--*-- Local-Table: t1, t2</c> comments, carried urlencoded in
/// <c>ev_extra2</c>): whether the script applies to this node, and the <c>@name@</c> placeholders replaced by the
/// local (destination) names. No attributes: run everywhere. All listed objects present: run. None present:
/// skip. Some: error, as the original (<c>SQL only partially matches local setup</c>).
/// </summary>
internal sealed class ExecuteAttributes
{
    // Probed in this order, as the original.
    private static readonly string[] Keys =
        ["local-table", "local-sequence", "local-destination", "need-table", "need-sequence", "need-function", "need-schema", "need-view"];

    private readonly Dictionary<string, List<string>> _attributes = new(StringComparer.Ordinal);

    public ExecuteAttributes(string? urlencoded)
    {
        foreach (var pair in (urlencoded ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(eq < 0 ? pair : pair[..eq]).Trim().ToLowerInvariant();
            if (!Keys.Contains(key))
            {
                throw new InvalidOperationException($"Invalid key: {key}");
            }
            var values = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            _attributes[key] = values.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        }
    }

    /// <param name="localTables">Queue-side table name → destination name, for the node's local tables.</param>
    /// <param name="localSequences">The node's local sequences.</param>
    /// <exception cref="InvalidOperationException">Only some listed objects exist here.</exception>
    public async Task<bool> NeedExecuteAsync(
        NpgsqlConnection local, IReadOnlyDictionary<string, string> localTables, IReadOnlySet<string> localSequences, CancellationToken cancellationToken)
    {
        if (_attributes.Count == 0)
        {
            return true;
        }
        var good = new List<string>();
        var missed = new List<string>();
        foreach (var key in Keys)
        {
            if (!_attributes.TryGetValue(key, out var values))
            {
                continue;
            }
            foreach (var value in values)
            {
                var name = FullName(value);
                var match = key switch
                {
                    "local-table" => localTables.ContainsKey(name),
                    "local-sequence" => localSequences.Contains(name),
                    "local-destination" => localTables.TryGetValue(name, out var dest) && await RelationExistsAsync(local, FullName(dest), "r", cancellationToken),
                    "need-table" => await RelationExistsAsync(local, name, "r", cancellationToken),
                    "need-sequence" => await RelationExistsAsync(local, name, "S", cancellationToken),
                    "need-view" => await RelationExistsAsync(local, name, "v", cancellationToken),
                    "need-schema" => await ExistsAsync(local, "select exists (select 1 from pg_namespace where nspname = $1)", [value], cancellationToken),
                    _ => await FunctionExistsAsync(local, value, cancellationToken),
                };
                (match ? good : missed).Add(value);
            }
        }
        if (good.Count > 0 && missed.Count > 0)
        {
            throw new InvalidOperationException(
                $"SQL only partially matches local setup: matches=[{string.Join(", ", good)}] misses=[{string.Join(", ", missed)}]");
        }
        return missed.Count == 0;
    }

    /// <summary>Replaces <c>@name@</c> of Local-* objects with the quoted local name.</summary>
    public string ProcessSql(string sql, IReadOnlyDictionary<string, string> localTables, IReadOnlySet<string> localSequences)
    {
        foreach (var key in new[] { "local-table", "local-sequence", "local-destination" })
        {
            if (!_attributes.TryGetValue(key, out var values))
            {
                continue;
            }
            foreach (var value in values)
            {
                var name = FullName(value);
                var localName = localTables.TryGetValue(name, out var dest) ? dest
                    : localSequences.Contains(name) ? name
                    : throw new InvalidOperationException($"bug: lost table: {value}");
                sql = sql.Replace("@" + value + "@", SqlQuote.QualifiedIdent(FullName(localName)), StringComparison.Ordinal);
            }
        }
        return sql;
    }

    private static string FullName(string name) => name.Contains('.', StringComparison.Ordinal) ? name : "public." + name;

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static Task<bool> RelationExistsAsync(NpgsqlConnection local, string fullName, string kind, CancellationToken cancellationToken)
    {
        var dot = fullName.IndexOf('.', StringComparison.Ordinal);
        return ExistsAsync(local,
            "select exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2 and c.relkind = any ($3))",
            [fullName[..dot], fullName[(dot + 1)..], kind == "r" ? new[] { "r", "p" } : new[] { kind }], cancellationToken);
    }

    // "name(nargs)", nargs 0 when not given.
    private static Task<bool> FunctionExistsAsync(NpgsqlConnection local, string value, CancellationToken cancellationToken)
    {
        var nargs = 0;
        var open = value.IndexOf('(', StringComparison.Ordinal);
        var close = value.IndexOf(')', StringComparison.Ordinal);
        if (open > 0 && close > open)
        {
            nargs = int.Parse(value[(open + 1)..close], System.Globalization.CultureInfo.InvariantCulture);
            value = value[..open];
        }
        var full = FullName(value);
        var dot = full.IndexOf('.', StringComparison.Ordinal);
        return ExistsAsync(local,
            "select exists (select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = $1 and p.proname = $2 and p.pronargs = $3)",
            [full[..dot], full[(dot + 1)..], nargs], cancellationToken);
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection local, string sql, object[] args, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, local);
        foreach (var arg in args)
        {
            command.Parameters.AddWithValue(arg);
        }
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
