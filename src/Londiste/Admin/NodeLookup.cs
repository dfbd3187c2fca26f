using Skytools.Connections;

namespace Londiste.Admin;

/// <summary>Finding nodes of the cascade: the local node's queue info, the root, any member's database.</summary>
public sealed class NodeLookup
{
    private readonly AdminSession _session;

    public NodeLookup(AdminSession session)
    {
        _session = session;
    }

    public QueueInfo? QueueInfo { get; private set; }

    /// <summary>get_node_info + get_queue_locations on the local database; the node must exist.</summary>
    public async Task<QueueInfo> LoadLocalInfoAsync(CancellationToken cancellationToken)
    {
        var db = await _session.LocalAsync(cancellationToken);
        var info = await LoadQueueInfoAsync(db, cancellationToken);
        if (info.LocalNode.Type.Length == 0)
        {
            throw new AdminException($"no node of queue {_session.QueueName} in the database of {_session.Settings.FileName} ({ConnectionStringMask.Apply(_session.Settings.Db)}): create it with create-root, create-branch or create-leaf");
        }
        QueueInfo = info;
        return info;
    }

    public async Task<QueueInfo> LoadQueueInfoAsync(NodeDatabase db, CancellationToken cancellationToken)
    {
        var queue = _session.QueueName;
        var row = await db.QuerySingleAsync(Sql.GetNodeInfo, [queue], cancellationToken);
        var members = (await db.QueryAsync(Sql.GetQueueLocations, [queue], cancellationToken))
            .Select(r => new MemberInfo(r.GetString("node_name")!, r.GetString("node_location"), r.GetBool("dead")));
        var info = new QueueInfo(queue, NodeInfo.FromRow(row), members);
        foreach (var dead in _session.Options.Dead)
        {
            info.TagDead(dead);
        }
        return info;
    }

    /// <summary>Walks provider links from <paramref name="initialLocation"/> (or the local db) up to the root; its connection stays open as root_db.</summary>
    public async Task<NodeDatabase> FindRootAsync(string? initialLocation, CancellationToken cancellationToken)
    {
        var queue = _session.QueueName;
        var location = initialLocation ?? _session.Settings.Db;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var db = await _session.GetAsync("root_db", location, remote: initialLocation is not null || visited.Count > 0, cancellationToken);
            var info = await db.QuerySingleAsync(Sql.GetNodeInfo, [queue], cancellationToken);
            var nodeType = info.GetString("node_type")
                ?? throw new AdminException($"no node of queue {queue} at {ConnectionStringMask.Apply(location)}: give the connect string of an initialized node (Root node not initialized?)");
            if (nodeType is "root" or "combined-root")
            {
                return db;
            }
            await _session.CloseAsync("root_db");
            visited.Add(location);
            var next = info.GetString("provider_location")
                ?? throw new AdminException($"node {info.GetString("node_name")} at {ConnectionStringMask.Apply(location)} has no provider (Sub node provider not initialized?)");
            if (visited.Contains(next))
            {
                throw new AdminException($"find root: provider loop at {ConnectionStringMask.Apply(location)}: fix the provider of node {info.GetString("node_name")}");
            }
            location = next;
        }
    }

    /// <summary>The database of a member by name (the local one for the local node); null for a dead member.</summary>
    public async Task<NodeDatabase?> NodeDatabaseAsync(string nodeName, CancellationToken cancellationToken)
    {
        var queueInfo = QueueInfo ?? await LoadLocalInfoAsync(cancellationToken);
        if (nodeName == queueInfo.LocalNode.Name)
        {
            return await _session.LocalAsync(cancellationToken);
        }
        var member = queueInfo.Member(nodeName)
            ?? throw new AdminException($"node {nodeName} is not a member of queue {_session.QueueName}: see members for the node names");
        if (member.Dead || member.Location is null)
        {
            return null;
        }
        return await _session.GetAsync("node." + nodeName, member.Location, remote: true, cancellationToken);
    }

    /// <summary>get_node_info on a member's own database.</summary>
    public async Task<NodeInfo?> LoadNodeInfoAsync(string nodeName, CancellationToken cancellationToken)
    {
        var db = await NodeDatabaseAsync(nodeName, cancellationToken);
        if (db is null)
        {
            AdminLog.IgnoringDeadNode(_session.Logger, nodeName);
            return null;
        }
        return NodeInfo.FromRow(await db.QuerySingleAsync(Sql.GetNodeInfo, [_session.QueueName], cancellationToken));
    }

    public async Task<List<string>> SubscribersAsync(string nodeName, CancellationToken cancellationToken)
    {
        var db = await NodeDatabaseAsync(nodeName, cancellationToken);
        if (db is null)
        {
            return [];
        }
        return (await db.QueryAsync(Sql.GetSubscriberInfo, [_session.QueueName], cancellationToken)).Select(r => r.GetString("node_name")!).ToList();
    }
}
