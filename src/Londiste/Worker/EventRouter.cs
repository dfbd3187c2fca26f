using Microsoft.Extensions.Logging;
using Npgsql;
using PgQ;
using PgQ.Events;
using Skytools.Sql;

namespace Londiste.Worker;

/// <summary>
/// Routes the data events of one batch to the tables that want them and applies them on the local connection
/// inside the batch transaction. The main worker wants tables in state <c>ok</c>; a copy task wants only its table,
/// in <c>catching-up</c> or <c>do-sync</c>. A table with a copy snapshot skips events of transactions visible in it:
/// those rows are already in the copied data.
/// </summary>
internal sealed class EventRouter
{
    private readonly IRowChangeApplier _applier;
    private readonly ILogger _logger;
    private Dictionary<string, TableState> _tables = new(StringComparer.Ordinal);

    public EventRouter(IRowChangeApplier applier, ILogger logger)
    {
        _applier = applier;
        _logger = logger;
    }

    public long Applied { get; private set; }

    public long Ignored { get; private set; }

    /// <summary>Sets the tables whose events this batch applies (already filtered by state by the caller).</summary>
    public void Reset(IEnumerable<TableState> wanted)
    {
        _tables = wanted.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Applied = 0;
        Ignored = 0;
    }

    /// <summary>Data events have ev_type I/U/D (sqltriga), I:/U:/D:.. (logutriga) or a JSON object (jsontriga).</summary>
    public static bool IsDataEvent(PgQEvent ev) =>
        ev.Type is { Length: > 0 } type && (type[0] is 'I' or 'U' or 'D' or '{') && (type.Length == 1 || type[1] == ':' || type[0] == '{');

    /// <summary>Applies a data (<c>I/U/D</c>) or truncate (<c>R</c>) event if its table wants it.</summary>
    public async ValueTask RouteAsync(NpgsqlConnection local, PgQEvent ev, CancellationToken cancellationToken)
    {
        var name = TableName(ev.Extra1);
        if (name is null || !_tables.TryGetValue(name, out var table)
            || (table.Snapshot is { } snapshot && snapshot.Contains(ev.TxId)))
        {
            Ignored++;
            return;
        }
        if (ev.Type == "R")
        {
            await _applier.FlushAsync(local, cancellationToken);
            if (TableAttributes.Get(table.TableAttrs, "handler") is { } handler && handler.Contains("ignore_truncate=1", StringComparison.Ordinal))
            {
                WorkerLog.IgnoringTruncate(_logger, table.DestTable);
                return;
            }
            // CASCADE as the original: without it a referenced table cannot be truncated.
            await using var truncate = new NpgsqlCommand($"truncate {SqlQuote.QualifiedIdent(Qualified(table.DestTable))} cascade", local);
            await truncate.ExecuteNonQueryAsync(cancellationToken);
            Applied++;
            return;
        }
        await _applier.ApplyAsync(local, table.DestTable, RowChangeDecoder.Decode(ev), cancellationToken);
        Applied++;
    }

    public ValueTask FlushAsync(NpgsqlConnection local, CancellationToken cancellationToken) => _applier.FlushAsync(local, cancellationToken);

    /// <summary>See <see cref="IRowChangeApplier.AllowBackgroundApply"/>.</summary>
    public void AllowBackgroundApply(bool allowed) => _applier.AllowBackgroundApply(allowed);

    /// <summary>The batch is abandoned: nothing of it stays buffered (see <see cref="IRowChangeApplier.DiscardAsync"/>).</summary>
    public ValueTask DiscardAsync() => _applier.DiscardAsync();

    /// <summary>ev_extra1 is <c>schema.table</c>; a name without schema is in <c>public</c>, as the original assumes.</summary>
    public static string? TableName(string? extra1) =>
        extra1 is null ? null : extra1.Contains('.', StringComparison.Ordinal) ? extra1 : "public." + extra1;

    private static string Qualified(string name) => name.Contains('.', StringComparison.Ordinal) ? name : "public." + name;
}
