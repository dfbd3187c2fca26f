using Skytools.Connections;

namespace Londiste.Admin;

/// <summary>Node administration: members, node-info, status, pause, resume, drop-node, wait-root, wait-provider.</summary>
public sealed class CascadeCommands
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly AdminSession _session;
    private readonly NodeLookup _lookup;

    public CascadeCommands(AdminSession session)
    {
        _session = session;
        _lookup = new NodeLookup(session);
    }

    public async Task MembersAsync(CancellationToken cancellationToken)
    {
        var info = await _lookup.LoadLocalInfoAsync(cancellationToken);
        var db = await _session.LocalAsync(cancellationToken);
        var rows = await db.QueryAsync("select node_name, dead, node_location from pgq_node.get_queue_locations($1) order by 1", [_session.QueueName], cancellationToken);
        await _session.Output.WriteAsync(TableDisplay.Render(
            $"Member info on {info.LocalNode.Name}@{_session.QueueName}:",
            ["node_name", "dead", "node_location"],
            rows.Select(r => (IReadOnlyList<object?>)[r["node_name"], r["dead"], r["node_location"]]).ToList()));
    }

    /// <summary>As the original's, except that passwords in the connect strings show as ***.</summary>
    public async Task NodeInfoAsync(CancellationToken cancellationToken)
    {
        var info = await _lookup.LoadLocalInfoAsync(cancellationToken);
        var node = info.LocalNode;
        var member = info.Member(node.Name);
        var states = new List<string>();
        if (member is { Dead: true })
        {
            states.Add("DEAD");
        }
        if (node.Paused)
        {
            states.Add("PAUSED");
        }
        if (!node.UpToDate)
        {
            states.Add("NON-UP-TO-DATE");
        }
        var output = _session.Output;
        await output.WriteLineAsync($"Node: {node.Name}  Type: {node.Type}  Queue: {info.QueueName}");
        await output.WriteLineAsync($"Status: {(states.Count == 0 ? "OK" : string.Join(", ", states))}");
        await output.WriteLineAsync(node.Type != "root" ? $"Provider: {node.ProviderNode}" : "Provider: --");
        await output.WriteLineAsync("Connect strings:");
        await output.WriteLineAsync($"  Local   : {ConnectionStringMask.Apply(_session.Settings.Db)}");
        if (member is not null)
        {
            await output.WriteLineAsync($"  Public  : {(member.Location is null ? "None" : ConnectionStringMask.Apply(member.Location))}");
        }
        if (node.Type != "root")
        {
            await output.WriteLineAsync($"  Provider: {(node.ProviderLocation is null ? "None" : ConnectionStringMask.Apply(node.ProviderLocation))}");
        }
        if (node.CombinedQueue is not null)
        {
            await output.WriteLineAsync($"Combined Queue: {node.CombinedQueue}  (node type: {node.CombinedType})");
        }
    }

    public async Task StatusAsync(CancellationToken cancellationToken)
    {
        var info = await _lookup.LoadLocalInfoAsync(cancellationToken);
        var reader = new NodeStatusReader(_session);
        // Members are read in parallel, as the original does: a slow or dead node does not hold up the others.
        var loads = info.Members.Values.Select(member => reader.ReadAsync(member, cancellationToken)).ToList();
        var nodes = new List<NodeInfo>();
        foreach (var load in loads)
        {
            var (node, failure) = await load;
            if (failure is not null)
            {
                await _session.Output.WriteLineAsync(failure);
            }
            nodes.Add(node);
        }
        // The local node first, then the members in name order, so roots print in a stable order.
        var ordered = nodes.OrderBy(n => n.Name == info.LocalNode.Name ? 0 : 1).ThenBy(n => n.Name, StringComparer.Ordinal).ToList();
        await _session.Output.WriteAsync(StatusTree.Render(info, ordered, _session.Options.Compact));
    }

    /// <summary>The local node alone: title, provider, subscribers, then the lines status shows under it.</summary>
    public async Task NodeStatusAsync(CancellationToken cancellationToken)
    {
        var info = await _lookup.LoadLocalInfoAsync(cancellationToken);
        var (node, failure) = await new NodeStatusReader(_session).ReadAsync(new MemberInfo(info.LocalNode.Name, _session.Settings.Db, false), cancellationToken);
        if (failure is not null)
        {
            throw new AdminException(failure);
        }
        var subscribers = await _lookup.SubscribersAsync(info.LocalNode.Name, cancellationToken);
        var output = _session.Output;
        await output.WriteLineAsync(node.Title);
        await output.WriteLineAsync($"    Provider: {TableDisplay.Text(node.ProviderNode)}");
        await output.WriteLineAsync($"    Subscribers: {string.Join(", ", subscribers)}");
        foreach (var line in StatusTree.InfoLines(StatusTree.Tree.Build([node]), node))
        {
            await output.WriteLineAsync("    " + line);
        }
    }

    public Task PauseAsync(CancellationToken cancellationToken) => SetPausedAsync(true, cancellationToken);

    public Task ResumeAsync(CancellationToken cancellationToken) => SetPausedAsync(false, cancellationToken);

    private async Task SetPausedAsync(bool paused, CancellationToken cancellationToken)
    {
        var info = await _lookup.LoadLocalInfoAsync(cancellationToken);
        var node = _session.Options.Node ?? info.LocalNode.Name;
        var consumer = _session.Options.Consumer;
        if (consumer is null)
        {
            var nodeInfo = node == info.LocalNode.Name ? info.LocalNode : await _lookup.LoadNodeInfoAsync(node, cancellationToken);
            consumer = nodeInfo?.WorkerName ?? throw new AdminException($"node {node} has no worker to {(paused ? "pause" : "resume")}: give --consumer=NAME");
        }
        var db = await _lookup.NodeDatabaseAsync(node, cancellationToken)
            ?? throw new AdminException($"node {node} is dead: cannot {(paused ? "pause" : "resume")} it");
        await db.ExecCmdAsync(Sql.SetConsumerPaused, [_session.QueueName, consumer, paused], cancellationToken, prefix: node);
        AdminLog.WaitingForWorker(_session.Logger);
        while (true)
        {
            var state = (await db.ExecCmdAsync(Sql.GetConsumerState, [_session.QueueName, consumer], cancellationToken, quiet: true, prefix: node))[0];
            if (state.GetBool("paused") != paused)
            {
                throw new AdminException($"consumer {consumer} on node {node}: pause flag changed by someone else while waiting (operation canceled?)");
            }
            if (state.GetBool("uptodate"))
            {
                AdminLog.ConsumerPaused(_session.Logger, consumer, node, paused ? "paused" : "resumed");
                return;
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public async Task DropNodeAsync(string nodeName, CancellationToken cancellationToken)
    {
        var queue = _session.QueueName;
        var info = await _lookup.LoadLocalInfoAsync(cancellationToken);
        NodeInfo? node = null;
        try
        {
            node = await _lookup.LoadNodeInfoAsync(nodeName, cancellationToken);
            if (node is not null && (await _lookup.SubscribersAsync(nodeName, cancellationToken)).Count > 0)
            {
                throw new AdminException($"node {nodeName} still has subscribers: move or drop them first (change-provider, drop-node)");
            }
        }
        catch (AdminException e) when (e.InnerException is not null)
        {
            // The node's database is unreachable: drop it from the others anyway.
        }

        if (node is not { Type: "root" })
        {
            try
            {
                var root = await _lookup.FindRootAsync(null, cancellationToken);
                await root.ExecCmdAsync(Sql.UnregisterLocation, [queue, nodeName], cancellationToken);
            }
            catch (AdminException e)
            {
                AdminLog.UnregisterFromRootFailed(_session.Logger, e.Message);
            }
        }
        try
        {
            var db = await _lookup.NodeDatabaseAsync(nodeName, cancellationToken);
            if (db is null)
            {
                AdminLog.IgnoringDeadNode(_session.Logger, nodeName);
            }
            else
            {
                await db.ExecCmdAsync(Sql.DropNode, [queue, nodeName], cancellationToken);
            }
        }
        catch (AdminException e)
        {
            AdminLog.LocalDropFailed(_session.Logger, e.Message);
        }
        foreach (var member in info.Members.Values.ToList())
        {
            try
            {
                var db = await _lookup.NodeDatabaseAsync(member.Name, cancellationToken);
                if (db is null)
                {
                    AdminLog.IgnoringDeadNode(_session.Logger, member.Name);
                    continue;
                }
                await db.ExecCmdAsync(Sql.DropNode, [queue, nodeName], cancellationToken, prefix: member.Name);
            }
            catch (AdminException e)
            {
                AdminLog.RemoveFromNodeFailed(_session.Logger, member.Name, e.Message);
            }
        }
    }

    /// <summary>Marks a node dead in the member list of every live member (register_location with dead = true).</summary>
    public async Task TagDeadAsync(string deadNode, CancellationToken cancellationToken)
    {
        var queue = _session.QueueName;
        var info = await _lookup.LoadLocalInfoAsync(cancellationToken);
        var local = info.LocalNode.Name;
        AdminLog.TaggingDead(_session.Logger, deadNode);
        info.TagDead(deadNode);
        var db = await _session.LocalAsync(cancellationToken);
        await db.ExecCmdAsync("select * from pgq_node.register_location($1, $2, null, true)", [queue, deadNode], cancellationToken, prefix: local);
        foreach (var member in info.Members.Values.Where(m => !m.Dead && m.Name != deadNode && m.Name != local).ToList())
        {
            try
            {
                var memberDb = await _lookup.NodeDatabaseAsync(member.Name, cancellationToken);
                if (memberDb is not null)
                {
                    await memberDb.ExecCmdAsync("select * from pgq_node.register_location($1, $2, null, true)", [queue, deadNode], cancellationToken, prefix: member.Name);
                }
            }
            catch (Exception e) when (e is AdminException || DbErrors.IsDatabaseError(e))
            {
                var reason = e is AdminException { InnerException: { } inner } ? DbErrors.Describe(inner) : e is AdminException ? e.Message : DbErrors.Describe(e);
                await _session.Output.WriteLineAsync($"Node {member.Name} failure: {reason}");
                await _session.CloseAsync("node." + member.Name);
            }
        }
    }

    public async Task WaitForRootAsync(CancellationToken cancellationToken)
    {
        var info = await _lookup.LoadLocalInfoAsync(cancellationToken);
        if (info.LocalNode.Type == "root")
        {
            AdminLog.RootNoWait(_session.Logger);
            return;
        }
        var root = await _lookup.FindRootAsync(null, cancellationToken);
        var rootInfo = await root.QuerySingleAsync(Sql.GetNodeInfo, [_session.QueueName], cancellationToken);
        await WaitForTickAsync(rootInfo.GetLong("worker_last_tick") ?? 0, cancellationToken);
    }

    public async Task WaitForProviderAsync(CancellationToken cancellationToken)
    {
        var info = await _lookup.LoadLocalInfoAsync(cancellationToken);
        if (info.LocalNode.Type == "root")
        {
            AdminLog.RootNoWait(_session.Logger);
            return;
        }
        if (info.LocalNode.ProviderNode is not { } provider)
        {
            return;
        }
        AdminLog.ProviderIs(_session.Logger, provider);
        var providerInfo = await _lookup.LoadNodeInfoAsync(provider, cancellationToken)
            ?? throw new AdminException($"provider {provider} is dead: cannot wait for it");
        await WaitForTickAsync(providerInfo.LastTick ?? 0, cancellationToken);
    }

    private async Task WaitForTickAsync(long tick, CancellationToken cancellationToken)
    {
        AdminLog.WaitingForTick(_session.Logger, tick);
        var db = await _session.LocalAsync(cancellationToken);
        while (true)
        {
            var row = await db.QuerySingleAsync(Sql.GetNodeInfo, [_session.QueueName], cancellationToken);
            if (row.GetInt("ret_code") >= 300)
            {
                AdminLog.Problem(_session.Logger, row.GetInt("ret_code"), row.GetString("ret_note") ?? "");
                return;
            }
            if ((row.GetLong("worker_last_tick") ?? 0) > tick)
            {
                AdminLog.GotTick(_session.Logger, row.GetLong("worker_last_tick") ?? 0);
                return;
            }
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
    }
}
