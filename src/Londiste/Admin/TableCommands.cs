using Npgsql;
using System.Globalization;
using Skytools.Connections;

namespace Londiste.Admin;

/// <summary>
/// Tables of the replication set: tables, add-table, remove-table, resync, missing, wait-sync, with the
/// original's arguments and londiste.* call sequence. A subscriber first aligns its copy of the set's
/// table list with its provider's (global_add_table / global_remove_table), then attaches tables locally.
/// </summary>
public sealed class TableCommands
{
    private readonly AdminSession _session;
    private readonly NodeLookup _lookup;

    public TableCommands(AdminSession session)
    {
        _session = session;
        _lookup = new NodeLookup(session);
    }

    private string Queue => _session.QueueName;

    public async Task TablesAsync(CancellationToken cancellationToken)
    {
        // The original prints an empty list for a queue this database has no node of; a typo in
        // queue_name deserves an error instead.
        await new NodeLookup(_session).LoadLocalInfoAsync(cancellationToken);
        var db = await _session.LocalAsync(cancellationToken);
        if (_session.Options.NamesOnly)
        {
            foreach (var row in await db.QueryAsync(Sql.LocalTableNames, [Queue], cancellationToken))
            {
                await _session.Output.WriteLineAsync(row.GetString("table_name"));
            }
            return;
        }
        var rows = await db.QueryAsync(Sql.LocalTables, [Queue], cancellationToken);
        await _session.Output.WriteAsync(TableDisplay.Render(
            "Tables on node",
            ["table_name", "merge_state", "table_attrs"],
            rows.Select(r => (IReadOnlyList<object?>)[r["table_name"], r["merge_state"], r["table_attrs"]]).ToList(),
            (column, value) => column == 2 ? UrlEncoding.PythonDict(value as string) : value));
    }

    public async Task MissingAsync(CancellationToken cancellationToken)
    {
        var db = await _session.LocalAsync(cancellationToken);
        var rows = await db.QueryAsync(Sql.ShowMissing, [Queue], cancellationToken);
        await _session.Output.WriteAsync(TableDisplay.Render(
            "Missing objects on node",
            ["obj_kind", "obj_name"],
            rows.Select(r => (IReadOnlyList<object?>)[r["obj_kind"], r["obj_name"]]).ToList()));
    }

    public async Task AddAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = _session.Options;
        var info = await _lookup.LoadLocalInfoAsync(cancellationToken);
        var isRoot = info.LocalNode.Type == "root";
        var db = await _session.LocalAsync(cancellationToken);
        NodeDatabase? source = null;
        var localTables = await SetTablesAsync(db, cancellationToken);
        var sourceTables = localTables;
        if (!isRoot)
        {
            source = await ProviderAsync(info, cancellationToken);
            sourceTables = await SetTablesAsync(source, cancellationToken);
            await SyncTableListAsync(db, sourceTables, localTables, cancellationToken);
        }
        // Every handler we know writes into a table, so the table must exist (the original asks the handler).
        var tables = await ExpandAsync(db, 'r', existing: false, args, needsTable: true, cancellationToken);

        if (!isRoot && !options.ExpectSync)
        {
            var problems = false;
            foreach (var table in tables)
            {
                if (sourceTables.TryGetValue(table, out var entry) && !entry.Local)
                {
                    if (options.SkipNonExisting)
                    {
                        AdminLog.TableNotOnProviderSkipped(_session.Logger, table);
                    }
                    else
                    {
                        AdminLog.TableNotOnProvider(_session.Logger, table);
                        problems = true;
                    }
                }
            }
            if (problems)
            {
                throw new AdminException($"add-table: some tables are not replicated on the provider of node {info.LocalNode.Name}: add them there first, or switch to a provider that has them");
            }
        }
        if (options.DestTable is not null && tables.Count > 1)
        {
            throw new AdminException("--dest-table can be given only for single table");
        }
        foreach (var table in tables)
        {
            await AddOneAsync(db, source, table, sourceTables, cancellationToken);
        }
        if (source is not null && !options.ExpectSync && tables.Count > 0)
        {
            // The worker starts a copy at its next batch: make the provider tick now so that it need not wait for
            // the ticker's idle period (a worker listening for ticks starts at once).
            try
            {
                await Worker.ProviderQueue.TickNowAsync(source.Connection, Queue, cancellationToken);
            }
            catch (PostgresException)
            {
                // Only a speed-up: without it the copy starts at the ticker's next tick.
            }
        }
        if (options.WaitSync)
        {
            await WaitSyncAsync(cancellationToken);
        }
    }

    private async Task AddOneAsync(NodeDatabase db, NodeDatabase? source, string table, IReadOnlyDictionary<string, SetTable> sourceTables, CancellationToken cancellationToken)
    {
        var options = _session.Options;
        var logger = _session.Logger;
        var destTable = ObjectNames.Qualify(options.DestTable ?? table);
        var description = destTable == table ? table : $"{table}({destTable})";
        var exists = await TableCreator.ExistsAsync(db, destTable, 'r', cancellationToken);
        if (options.Create || options.CreateFull)
        {
            if (exists)
            {
                AdminLog.TableExists(logger, description);
            }
            else
            {
                var creatingFrom = source ?? db;
                var sourceName = sourceTables.TryGetValue(table, out var entry) ? entry.DestTable : table;
                if (!await TableCreator.ExistsAsync(creatingFrom, sourceName, 'r', cancellationToken))
                {
                    AdminLog.TableMissingOnProvider(logger, description);
                    return;
                }
                AdminLog.CreatingTable(logger, destTable);
                await TableCreator.CreateAsync(creatingFrom, sourceName, db, destTable, options.CreateFull, cancellationToken);
            }
        }
        else if (!exists && options.SkipNonExisting)
        {
            AdminLog.TableMissingLocally(logger, description);
            return;
        }

        var triggerArgs = TriggerArgs();
        var attrs = new List<KeyValuePair<string, string?>>();
        if (options.Handler is { } handler)
        {
            attrs.Add(new("handler", HandlerString(handler)));
        }
        if (options.FindCopyNode)
        {
            attrs.Add(new("copy_node", "?"));
        }
        else if (options.CopyNode is { } copyNode)
        {
            attrs.Add(new("copy_node", copyNode));
        }
        if (!options.ExpectSync && options.SkipTruncate)
        {
            attrs.Add(new("skip_truncate", "1"));
        }
        if (options.MaxParallelCopy is { } maxParallel)
        {
            attrs.Add(new("max_parallel_copy", maxParallel.ToString(CultureInfo.InvariantCulture)));
        }
        if (options.CopyCondition is { } condition)
        {
            attrs.Add(new("copy_condition", condition));
        }
        await db.BeginAsync(cancellationToken);
        var lockMs = (long)_session.Settings.LockTimeout.TotalMilliseconds;
        if (lockMs > 0)
        {
            // The trigger creation takes a lock on the table: do not queue behind a long transaction forever.
            await db.ExecuteAsync($"set local statement_timeout = {lockMs.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        }
        await db.ExecCmdAsync(Sql.LocalAddTable,
            [Queue, table, triggerArgs.ToArray(), attrs.Count > 0 ? UrlEncoding.Encode(attrs) : null, destTable != table ? destTable : null],
            cancellationToken);
        await db.CommitAsync(cancellationToken);
    }

    public async Task RemoveAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var db = await _session.LocalAsync(cancellationToken);
        var tables = await ExpandAsync(db, 'r', existing: true, args, true, cancellationToken);
        await ExecManyAsync(db, Sql.LocalRemoveTable, tables, cancellationToken);
    }

    public async Task ResyncAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = _session.Options;
        var db = await _session.LocalAsync(cancellationToken);
        var tables = await ExpandAsync(db, 'r', existing: true, args, true, cancellationToken);
        if (!options.FindCopyNode)
        {
            var info = await _lookup.LoadLocalInfoAsync(cancellationToken);
            if (info.LocalNode.Type != "root")
            {
                var provider = await ProviderAsync(info, cancellationToken);
                var sourceTables = await SetTablesAsync(provider, cancellationToken);
                var problems = 0;
                foreach (var table in tables.Where(t => !sourceTables.TryGetValue(t, out var entry) || !entry.Local))
                {
                    AdminLog.TableNotOnProvider(_session.Logger, table);
                    problems++;
                }
                if (problems > 0)
                {
                    throw new AdminException($"resync: {problems} table(s) are not replicated on the provider: add them there first, or switch to a provider that has them");
                }
            }
        }
        if (options.FindCopyNode || options.CopyNode is not null)
        {
            foreach (var row in await db.QueryAsync("select table_name, table_attrs from londiste.get_table_list($1) where local", [Queue], cancellationToken))
            {
                var table = row.GetString("table_name")!;
                if (!tables.Contains(table))
                {
                    continue;
                }
                var attrs = UrlEncoding.Decode(row.GetString("table_attrs")).Where(p => p.Key != "copy_node").ToList();
                attrs.Add(new("copy_node", options.FindCopyNode ? "?" : options.CopyNode));
                await db.ExecCmdAsync(Sql.LocalSetTableAttrs, [Queue, table, UrlEncoding.Encode(attrs)], cancellationToken);
            }
        }
        await ExecManyAsync(db, Sql.LocalSetTableState, tables, cancellationToken);
    }

    public async Task WaitSyncAsync(CancellationToken cancellationToken)
    {
        var logger = _session.Logger;
        var db = await _session.LocalAsync(cancellationToken);
        AdminLog.WaitingForSync(logger);
        var partial = new Dictionary<string, bool>(StringComparer.Ordinal);
        var reported = false;
        while (true)
        {
            var rows = await db.QueryAsync(Sql.SyncStates, [Queue], cancellationToken);
            int total = 0, pending = 0;
            var finished = new List<string>();
            foreach (var row in rows.Where(r => r.GetBool("local")))
            {
                total++;
                var table = row.GetString("table_name")!;
                if (row.GetString("merge_state") != "ok")
                {
                    partial[table] = false;
                    pending++;
                }
                else if (partial.TryGetValue(table, out var done) && !done)
                {
                    partial[table] = true;
                    finished.Add(table);
                }
            }
            if (!reported)
            {
                AdminLog.TablesToCopy(logger, pending, total);
                reported = true;
            }
            foreach (var table in finished)
            {
                AdminLog.TableFinished(logger, table, total - pending, total);
            }
            if (pending == 0)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
        AdminLog.AllDone(logger);
    }

    internal sealed record SetTable(string Name, bool Local, string DestTable);

    private async Task<Dictionary<string, SetTable>> SetTablesAsync(NodeDatabase db, CancellationToken cancellationToken) =>
        (await db.QueryAsync(Sql.SetTables, [Queue], cancellationToken))
            .Select(r => new SetTable(r.GetString("table_name")!, r.GetBool("local"), r.GetString("dest_table")!))
            .ToDictionary(t => t.Name, StringComparer.Ordinal);

    private async Task SyncTableListAsync(NodeDatabase db, Dictionary<string, SetTable> sourceTables, Dictionary<string, SetTable> localTables, CancellationToken cancellationToken)
    {
        var settings = _session.Settings;
        await db.BeginAsync(cancellationToken);
        foreach (var table in sourceTables.Keys)
        {
            if (ObjectNames.Filtered(table, settings.RegisterOnlyTables, settings.RegisterSkipTables) || localTables.ContainsKey(table))
            {
                continue;
            }
            AdminLog.TableInfoMissing(_session.Logger, table);
            await db.ExecCmdAsync(Sql.GlobalAddTable, [Queue, table], cancellationToken);
            localTables[table] = new SetTable(table, false, table);
        }
        foreach (var table in localTables.Keys.Where(t => !sourceTables.ContainsKey(t)).ToList())
        {
            AdminLog.TableGone(_session.Logger, table);
            await db.ExecCmdAsync(Sql.GlobalRemoveTable, [Queue, table], cancellationToken);
            localTables.Remove(table);
        }
        await db.CommitAsync(cancellationToken);
    }

    /// <summary>The provider's database, or the --copy-node member's.</summary>
    internal async Task<NodeDatabase> ProviderAsync(QueueInfo info, CancellationToken cancellationToken)
    {
        string location;
        if (_session.Options.CopyNode is { } copyNode)
        {
            var member = info.Member(copyNode) ?? throw new AdminException($"Cannot find node <{copyNode}> among the members of queue {Queue}: see members");
            if (copyNode == info.LocalNode.Name)
            {
                throw new AdminException("Cannot use itself as provider: give another node as --copy-node");
            }
            location = member.Location ?? throw new AdminException($"node {copyNode} has no location: see members");
        }
        else
        {
            location = info.LocalNode.ProviderLocation
                ?? throw new AdminException($"node {info.LocalNode.Name} has no provider location: check it with node-info");
        }
        try
        {
            return await _session.GetAsync("provider_db", location, remote: true, cancellationToken);
        }
        catch (AdminException e) when (e.InnerException is not null)
        {
            throw new AdminException($"cannot connect to the provider ({ConnectionStringMask.Apply(location)}): {DbErrors.Describe(e.InnerException)}: {DbErrors.Hint(e.InnerException)}", e.InnerException);
        }
    }

    private async Task<List<string>> ExpandAsync(NodeDatabase db, char kind, bool existing, IReadOnlyList<string> args, bool needsTable, CancellationToken cancellationToken) =>
        await ArgumentExpansion.ExpandAsync(_session, db, kind, existing, args, needsTable, cancellationToken);

    private async Task ExecManyAsync(NodeDatabase db, string sql, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        await db.BeginAsync(cancellationToken);
        foreach (var name in names)
        {
            await db.ExecCmdAsync(sql, [Queue, name], cancellationToken);
        }
        await db.CommitAsync(cancellationToken);
    }

    private List<string> TriggerArgs()
    {
        var options = _session.Options;
        var args = new List<string>(options.TriggerArgs);
        if (options.TriggerFlags is { } flags)
        {
            args.Add("tgflags=" + flags);
        }
        if (options.NoTriggers)
        {
            args.Add("no_triggers");
        }
        if (options.MergeAll)
        {
            args.Add("merge_all");
        }
        if (options.NoMerge)
        {
            args.Add("no_merge");
        }
        if (options.ExpectSync)
        {
            args.Add("expect_sync");
        }
        return args;
    }

    /// <summary>name(arg=value&amp;...) as the original stores a handler with its --handler-arg values.</summary>
    private string HandlerString(string handler)
    {
        if (handler.Contains('(', StringComparison.Ordinal))
        {
            throw new AdminException($"invalid handler name: {handler}: give arguments with --handler-arg=KEY=VALUE");
        }
        if (_session.Options.HandlerArgs.Count == 0)
        {
            return handler;
        }
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var arg in _session.Options.HandlerArgs)
        {
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? arg : arg[..equals]).Trim();
            var value = equals < 0 ? "" : arg[(equals + 1)..].Trim();
            if (pairs.Any(p => p.Key == key))
            {
                throw new AdminException($"multiple handler arguments: {key}: give each --handler-arg key once");
            }
            pairs.Add(new(key, value));
        }
        return $"{handler}({UrlEncoding.Encode(pairs)})";
    }
}
