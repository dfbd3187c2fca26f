namespace Londiste.Worker;

/// <summary>What <c>pgq_node.get_consumer_state</c> says about one cascaded consumer on the local node.</summary>
internal sealed record ConsumerState(
    string NodeType,
    string NodeName,
    long CompletedTick,
    string ProviderNode,
    string ProviderLocation,
    bool Paused,
    bool Uptodate,
    string? CurrentError);
