namespace Londiste.Worker;

/// <summary>What <c>pgq_node.get_node_info</c> says about the local node.</summary>
internal sealed record NodeInfo(
    string NodeType,
    string NodeName,
    string? ProviderNode,
    string? ProviderLocation,
    long? GlobalWatermark,
    long? LocalWatermark,
    string? CombinedQueue)
{
    public bool IsRoot => NodeType == "root";

    public bool IsBranch => NodeType == "branch";
}
