namespace Londiste.Admin;

/// <summary>One node as pgq_node.get_node_info() describes it, plus what status collects about it.</summary>
public sealed class NodeInfo
{
    public required string Name { get; init; }
    /// <summary>root, branch, leaf; "dead" when the node could not be read.</summary>
    public required string Type { get; init; }
    public string? ProviderNode { get; init; }
    public string? ProviderLocation { get; init; }
    public string? WorkerName { get; init; }
    public bool Paused { get; init; }
    public bool UpToDate { get; init; } = true;
    public long? LastTick { get; init; }
    public string? CombinedQueue { get; init; }
    public string? CombinedType { get; init; }
    public string? NodeAttrs { get; init; }

    /// <summary>Extra lines shown first under the node in status (Tables: ok/half/ignored).</summary>
    public List<string> InfoLines { get; } = [];
    /// <summary>Lag shown by status; null is "(n/a)".</summary>
    public TimeSpan? Lag { get; set; }
    /// <summary>Consumer errors (first line) by consumer name, from pgq_node.get_consumer_info().</summary>
    public List<(string Consumer, string Error)> Errors { get; } = [];
    /// <summary>Per consumer of this node's queue: the time of its last tick, to compute its subscribers' lag.</summary>
    public Dictionary<string, DateTime> ConsumerTickTimes { get; } = new(StringComparer.Ordinal);
    public DateTime? Now { get; set; }
    public TimeSpan? TickerLag { get; set; }

    public static NodeInfo FromRow(DbRow row) => new()
    {
        Name = row.GetString("node_name") ?? "",
        Type = row.GetString("node_type") ?? "",
        ProviderNode = row.GetString("provider_node"),
        ProviderLocation = row.GetString("provider_location"),
        WorkerName = row.GetString("worker_name"),
        Paused = row.GetBool("worker_paused"),
        UpToDate = row.GetBool("worker_uptodate"),
        LastTick = row.GetLong("worker_last_tick"),
        CombinedQueue = row.GetString("combined_queue"),
        CombinedType = row.GetString("combined_type"),
        NodeAttrs = row.GetString("node_attrs"),
    };

    public static NodeInfo Dead(string name) => new() { Name = name, Type = "dead" };

    public string Title => $"{Name} ({Type})";
}
