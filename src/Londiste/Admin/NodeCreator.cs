using Microsoft.Extensions.Logging;
using Skytools.Connections;

namespace Londiste.Admin;

/// <summary>
/// create-root / create-branch / create-leaf NODE [PUBLIC_CONNSTR] [--provider=CONNSTR]: registers the
/// node in the cascade with the original's call sequence. A subscriber is registered on the root and
/// on its provider, learns every member's location, and gets the provider's table and sequence list.
/// </summary>
public sealed class NodeCreator
{
    /// <summary>ticker_max_lag of a new root's queue (see <see cref="CreateAsync"/>).</summary>
    public const string RootTickerMaxLag = "50 milliseconds";

    private readonly AdminSession _session;
    private readonly NodeLookup _lookup;

    public NodeCreator(AdminSession session)
    {
        _session = session;
        _lookup = new NodeLookup(session);
    }

    public async Task CreateAsync(string nodeType, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var settings = _session.Settings;
        var options = _session.Options;
        var logger = _session.Logger;
        var queue = _session.QueueName;

        var nodeName = args.Count > 0 ? args[0] : settings.NodeName;
        if (nodeName.Length == 0)
        {
            throw new AdminException($"create-{nodeType}: node name missing: give it on the command line (create-{nodeType} NODE CONNSTR) or as node_name in {settings.FileName}");
        }
        var location = args.Count > 1 ? args[1] : settings.PublicNodeLocation;
        if (location.Length == 0)
        {
            throw new AdminException($"create-{nodeType}: public connect string of node {nodeName} missing: give it on the command line (create-{nodeType} {nodeName} CONNSTR) or as public_node_location in {settings.FileName}");
        }
        if (args.Count > 2)
        {
            throw new AdminException($"create-{nodeType}: too many arguments ({string.Join(' ', args.Skip(2))}): only the node name and its public connect string are allowed");
        }
        var providerLocation = options.Provider ?? (settings.InitialProviderLocation.Length > 0 ? settings.InitialProviderLocation : null);
        if (nodeType != "root" && providerLocation is null)
        {
            throw new AdminException($"create-{nodeType} {nodeName}: no provider given: add --provider=CONNSTR (the public connect string of an existing node of queue {queue})");
        }
        if (options.Merge is not null && nodeType != "leaf")
        {
            throw new AdminException("--merge can be used only for leafs");
        }
        if (options.SyncWatermark is not null && nodeType != "branch")
        {
            throw new AdminException("--sync-watermark can be used only for branch nodes");
        }
        if (!LibpqConnectionString.Parse(location).Any(pair => pair.Key is "host" or "service"))
        {
            AdminLog.NoHostInPublicLocation(logger);
        }

        var db = await _session.LocalAsync(cancellationToken);
        await NodeSchemaCheck.EnsureAsync(db, logger, cancellationToken);

        var info = await db.QuerySingleAsync(Sql.GetNodeInfo, [queue], cancellationToken);
        if (info.GetString("node_type") is { } existingType)
        {
            AdminLog.AlreadyInitialized(logger, existingType);
            return;
        }
        await CheckPublicLocationAsync(db, location, cancellationToken);
        AdminLog.InitializingNode(logger);
        var worker = settings.ConsumerName;

        if (nodeType == "root")
        {
            await db.ExecCmdAsync(Sql.RegisterLocation, [queue, nodeName, location, false], cancellationToken);
            await db.ExecCmdAsync(Sql.CreateNode, [queue, nodeType, nodeName, worker, null, null, null], cancellationToken);
            // Replication lag starts with the wait for a tick: the pgq default (3 s) made the original's median lag
            // about 1.3 s. With this, pgqd (which looks for due queues every ticker_poll_period) ticks at most this
            // long after the last tick while events come in, and idle ticks still back off to ticker_idle_period.
            // Only the root's queue is ticked by pgqd; branches copy its ticks. Changeable with pgq.set_queue_config.
            await db.QueryAsync(Sql.SetQueueConfig, [queue, "ticker_max_lag", RootTickerMaxLag], cancellationToken);
        }
        else
        {
            await CreateSubscriberAsync(db, nodeType, nodeName, location, providerLocation!, worker, cancellationToken);
        }
        if (options.SyncWatermark is { } syncWatermark)
        {
            var attrs = UrlEncoding.Encode([new("sync_watermark", syncWatermark)]);
            await db.ExecCmdAsync(Sql.SetNodeAttrs, [queue, attrs], cancellationToken);
        }
        AdminLog.Done(logger);
    }

    private async Task CreateSubscriberAsync(NodeDatabase db, string nodeType, string nodeName, string location, string providerLocation, string worker, CancellationToken cancellationToken)
    {
        var queue = _session.QueueName;
        var rootDb = await _lookup.FindRootAsync(providerLocation, cancellationToken);
        var queueInfo = await _lookup.LoadQueueInfoAsync(rootDb, cancellationToken);
        if (queueInfo.Member(nodeName) is not null)
        {
            throw new AdminException($"Node '{nodeName}' already exists in queue {queue}: choose another name, or drop the old node first (drop-node {nodeName})");
        }

        var providerDb = await _session.GetAsync("provider_db", providerLocation, remote: true, cancellationToken);
        var providerInfo = await providerDb.QuerySingleAsync("select node_type, node_name from pgq_node.get_node_info($1)", [queue], cancellationToken);
        var providerName = providerInfo.GetString("node_name")
            ?? throw new AdminException($"provider node not found: {ConnectionStringMask.Apply(providerLocation)} has no node of queue {queue}: give the connect string of an existing node as --provider");

        await rootDb.ExecCmdAsync(Sql.RegisterLocation, [queue, nodeName, location, false], cancellationToken);
        if (queueInfo.Member(providerName) is null)
        {
            throw new AdminException($"Node {providerName} does not exist in the member list of queue {queue} on the root: check the provider");
        }
        await providerDb.ExecCmdAsync(Sql.RegisterLocation, [queue, nodeName, location, false], cancellationToken);
        var subscribed = await providerDb.ExecCmdAsync(Sql.RegisterSubscriber, [queue, nodeName, worker], cancellationToken);
        var globalWatermark = subscribed[0].GetLong("global_watermark");

        await db.ExecCmdAsync(Sql.RegisterLocation, [queue, nodeName, location, false], cancellationToken);
        foreach (var member in queueInfo.Members.Values)
        {
            await db.ExecCmdAsync(Sql.RegisterLocation, [queue, member.Name, member.Location, member.Dead], cancellationToken);
        }
        await db.ExecCmdAsync(Sql.CreateNode, [queue, nodeType, nodeName, worker, providerName, globalWatermark, _session.Options.Merge], cancellationToken);
        await CopyRegistryAsync(db, providerDb, cancellationToken);
    }

    /// <summary>The new node learns the provider's tables and sequences (not yet local: add-table attaches them).</summary>
    private async Task CopyRegistryAsync(NodeDatabase db, NodeDatabase providerDb, CancellationToken cancellationToken)
    {
        var queue = _session.QueueName;
        var settings = _session.Settings;
        await db.BeginAsync(cancellationToken);
        foreach (var row in await providerDb.QueryAsync("select table_name from londiste.get_table_list($1)", [queue], cancellationToken))
        {
            var table = row.GetString("table_name")!;
            if (ObjectNames.Filtered(table, settings.RegisterOnlyTables, settings.RegisterSkipTables))
            {
                continue;
            }
            await db.QueryAsync(Sql.GlobalAddTable, [queue, table], cancellationToken);
        }
        foreach (var row in await providerDb.QueryAsync("select seq_name, last_value from londiste.get_seq_list($1)", [queue], cancellationToken))
        {
            var sequence = row.GetString("seq_name")!;
            if (ObjectNames.Filtered(sequence, settings.RegisterOnlySeqs, settings.RegisterSkipSeqs))
            {
                continue;
            }
            await db.QueryAsync(Sql.GlobalUpdateSeq, [queue, sequence, row.GetLong("last_value") ?? 0], cancellationToken);
        }
        await db.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The public connect string must reach the same database as the local one: same oid and name,
    /// and a transaction started through one is seen by the other in the right order. --nocheck skips it.
    /// </summary>
    private async Task CheckPublicLocationAsync(NodeDatabase db, string location, CancellationToken cancellationToken)
    {
        if (_session.Options.NoCheck)
        {
            return;
        }
        var first = await db.QuerySingleAsync(Sql.DatabaseIdentity, [], cancellationToken);
        DbRow second;
        await using (var pub = await NodeDatabase.OpenAsync("public connect string", location, _session.Logger, cancellationToken))
        {
            second = await pub.QuerySingleAsync(Sql.DatabaseIdentity, [], cancellationToken);
        }
        var third = await db.QuerySingleAsync(Sql.DatabaseIdentity, [], cancellationToken);
        var failure = 0;
        if (first.GetLong("oid") != second.GetLong("oid") || first.GetString("datname") != second.GetString("datname"))
        {
            failure += 1;
        }
        var txid = second.GetLong("txid") ?? 0;
        if (Snapshot.Parse(first.GetString("snap")!).Contains(txid))
        {
            failure += 2;
        }
        else if (!Snapshot.Parse(third.GetString("snap")!).Contains(txid))
        {
            failure += 4;
        }
        if (failure != 0)
        {
            throw new AdminException($"Public connect string points to different database than local connect string (fail={failure}): fix public_node_location or the command-line connect string, or use --nocheck");
        }
    }
}
