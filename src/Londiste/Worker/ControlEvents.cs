using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using PgQ;

namespace Londiste.Worker;

/// <summary>
/// Non-data events the main worker handles inside the batch transaction: londiste's set changes
/// (<c>londiste.add-table</c>, <c>remove-table</c>, <c>update-seq</c>, <c>remove-seq</c>), <c>EXECUTE</c> scripts and
/// pgq_node's cascade events (<c>pgq.location-info</c>, <c>pgq.unregister-location</c>, <c>pgq.global-watermark</c>).
/// </summary>
internal sealed class ControlEvents
{
    private readonly Func<WorkerOptions> _options;
    private readonly string _queue;
    private readonly ILogger _logger;

    public ControlEvents(Func<WorkerOptions> options, ILogger logger)
    {
        _options = options;
        _queue = options().QueueName;
        _logger = logger;
    }

    /// <summary>Branch nodes apply the root's global watermark to their own queue; leaves ignore it.</summary>
    public bool IsBranch { get; set; }

    /// <summary>A table was added to or removed from the set in this batch.</summary>
    public bool TablesChanged { get; private set; }

    private IReadOnlyDictionary<string, string> _tables = new Dictionary<string, string>();

    /// <summary>Starts a batch; <paramref name="localTables"/> are the node's local tables (any state) for EXECUTE attributes.</summary>
    public void Reset(IEnumerable<TableState> localTables)
    {
        TablesChanged = false;
        _tables = localTables.ToDictionary(t => t.Name, t => t.DestTable, StringComparer.Ordinal);
    }

    /// <exception cref="InvalidOperationException">An event this worker cannot handle (the batch stays unapplied).</exception>
    public async Task HandleAsync(NpgsqlConnection local, PgQEvent ev, CancellationToken cancellationToken)
    {
        switch (ev.Type)
        {
            case "londiste.add-table":
                var options = _options();
                if ((options.RegisterOnlyTables.Count > 0 && !options.RegisterOnlyTables.Contains(ev.Data))
                    || options.RegisterSkipTables.Contains(ev.Data))
                {
                    return;
                }
                await LocalNode.CallAsync(local, "londiste.global_add_table", cancellationToken, _queue, ev.Data);
                TablesChanged = true;
                return;
            case "londiste.remove-table":
                await LocalNode.CallAsync(local, "londiste.global_remove_table", cancellationToken, _queue, ev.Data);
                TablesChanged = true;
                return;
            case "londiste.remove-seq":
                await LocalNode.CallAsync(local, "londiste.global_remove_seq", cancellationToken, _queue, ev.Data);
                return;
            case "londiste.update-seq":
                await LocalNode.CallAsync(local, "londiste.global_update_seq", cancellationToken,
                    _queue, ev.Extra1, long.Parse(ev.Data ?? "", CultureInfo.InvariantCulture));
                return;
            case "EXECUTE":
                await ExecuteAsync(local, ev, cancellationToken);
                return;
        }
        if (ev.Type is not null && ev.Type.StartsWith("pgq.", StringComparison.Ordinal))
        {
            await CascadeAsync(local, ev, cancellationToken);
            return;
        }
        throw new InvalidOperationException($"Unhandled event type in queue: {ev.Type}");
    }

    private async Task CascadeAsync(NpgsqlConnection local, PgQEvent ev, CancellationToken cancellationToken)
    {
        if (ev.Type == "pgq.tick-id")
        {
            throw new InvalidOperationException($"tick-id event in queue {_queue}: merge (combined queue) setups are not supported by this worker");
        }
        if (ev.Extra1 != _queue)
        {
            throw new InvalidOperationException($"bad event in queue: id={ev.Id} type={ev.Type} queue={ev.Extra1}");
        }
        switch (ev.Type)
        {
            case "pgq.location-info":
                await LocalNode.CallAsync(local, "pgq_node.register_location", cancellationToken,
                    _queue, ev.Data, ev.Extra2, ev.Extra3 == "true");
                return;
            case "pgq.unregister-location":
                // 3xx/4xx (own node, own provider, unknown) are notes, not failures of the batch.
                await using (var command = LocalNode.Command(local, "select pgq_node.unregister_location($1, $2)", _queue, ev.Data))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                return;
            case "pgq.global-watermark":
                if (IsBranch)
                {
                    await LocalNode.CallAsync(local, "pgq_node.set_global_watermark", cancellationToken,
                        _queue, long.Parse(ev.Data ?? "", CultureInfo.InvariantCulture));
                }
                return;
            default:
                throw new InvalidOperationException($"unknown cascade event: {ev.Type}");
        }
    }

    /// <summary>
    /// An EXECUTE script from the root: run once per file name (<c>londiste.execute_start</c> tells), in the
    /// <c>local</c> session role so the node's own triggers see it as a local change, at its place in the event
    /// stream; skipped on nodes its attributes (<c>Local-Table</c> etc.) do not match.
    /// </summary>
    private async Task ExecuteAsync(NpgsqlConnection local, PgQEvent ev, CancellationToken cancellationToken)
    {
        var file = ev.Extra1 ?? "";
        var attributes = new ExecuteAttributes(ev.Extra2);
        await RoleAsync(local, "local", cancellationToken);
        var (code, _) = await LocalNode.CallAsync(local, "londiste.execute_start", cancellationToken, _queue, file, ev.Data, false, ev.Extra2);
        if (code > 200)
        {
            WorkerLog.ExecuteSkipped(_logger, file);
            await RoleAsync(local, "replica", cancellationToken);
            return;
        }
        var sequences = new HashSet<string>(StringComparer.Ordinal);
        await using (var seqs = LocalNode.Command(local, "select seq_name from londiste.get_seq_list($1) where local", _queue))
        await using (var reader = await seqs.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sequences.Add(reader.GetString(0));
            }
        }
        if (await attributes.NeedExecuteAsync(local, _tables, sequences, cancellationToken))
        {
            WorkerLog.Executing(_logger, file);
            await using var script = new NpgsqlCommand(attributes.ProcessSql(ev.Data ?? "", _tables, sequences), local);
            await script.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            WorkerLog.ExecuteNotNeeded(_logger, file);
        }
        await LocalNode.CallAsync(local, "londiste.execute_finish", cancellationToken, _queue, file);
        await RoleAsync(local, "replica", cancellationToken);
    }

    private static async Task RoleAsync(NpgsqlConnection local, string role, CancellationToken cancellationToken)
    {
        await using var command = LocalNode.Command(local, "select londiste.set_session_replication_role($1, true)", role);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
