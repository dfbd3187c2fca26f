namespace Londiste.Admin;

/// <summary>The local node's view of its cascaded queue: the local node and the member list.</summary>
public sealed class QueueInfo
{
    public QueueInfo(string queueName, NodeInfo localNode, IEnumerable<MemberInfo> members)
    {
        QueueName = queueName;
        LocalNode = localNode;
        foreach (var member in members)
        {
            Members[member.Name] = member;
        }
    }

    public string QueueName { get; }
    public NodeInfo LocalNode { get; }
    public Dictionary<string, MemberInfo> Members { get; } = new(StringComparer.Ordinal);

    public MemberInfo? Member(string name) => Members.GetValueOrDefault(name);

    /// <summary>--dead NODE: treat the node as dead whatever the database says.</summary>
    public void TagDead(string name) =>
        Members[name] = Members.TryGetValue(name, out var member) ? member with { Dead = true } : new MemberInfo(name, null, true);
}
