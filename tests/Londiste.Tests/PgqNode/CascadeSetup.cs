namespace Londiste.Tests.PgqNode;

/// <summary>
/// Builds a cascade with the calls the original admin tool makes (pgq/cascade/admin.py create_node):
/// the root registers its own location and creates the node; a subscriber is registered on the root
/// and on its provider (location, then register_subscriber, which returns the global watermark),
/// copies the member list from the root and creates its node starting at that watermark.
/// Node names are the cascade's database keys; the worker of node N is "w_N".
/// </summary>
internal static class CascadeSetup
{
    public const string Queue = "q";

    public static string Location(string node) => $"dbname={node}";

    public static string Worker(string node) => $"w_{node}";

    public static async Task InitRootAsync(TwinCascade cascade, string node)
    {
        var before = await cascade.OkAsync(node, $"select * from pgq_node.get_node_info('{Queue}')");
        Assert.Equal(404, before.Code);
        Assert.Null(before["node_type"]);
        Assert.Equal(200, (await cascade.OkAsync(node, $"select * from pgq_node.register_location('{Queue}', '{node}', '{Location(node)}', false)")).Code);
        var created = await cascade.OkAsync(node, $"select * from pgq_node.create_node('{Queue}', 'root', '{node}', '{Worker(node)}', null, null, null)");
        Assert.Equal(200, created.Code);
        Assert.Equal($"Node \"{node}\" initialized for queue \"{Queue}\" with type \"root\"", created.Note);
    }

    /// <summary>Adds <paramref name="node"/> as <paramref name="nodeType"/> below <paramref name="provider"/>; returns the global watermark it started at.</summary>
    public static async Task<long> InitSubscriberAsync(TwinCascade cascade, string node, string nodeType, string provider, string root)
    {
        Assert.Null((await cascade.OkAsync(node, $"select node_type from pgq_node.get_node_info('{Queue}')"))["node_type"]);
        var members = (await cascade.OkAsync(root, $"select node_name, node_location, dead from pgq_node.get_queue_locations('{Queue}') order by 1")).Rows;
        var providerInfo = await cascade.OkAsync(provider, $"select node_type, node_name from pgq_node.get_node_info('{Queue}')");
        Assert.Equal(provider, providerInfo["node_name"]);

        await cascade.OkAsync(root, $"select * from pgq_node.register_location('{Queue}', '{node}', '{Location(node)}', false)");
        await cascade.OkAsync(provider, $"select * from pgq_node.register_location('{Queue}', '{node}', '{Location(node)}', false)");
        var subscribed = await cascade.OkAsync(provider, $"select * from pgq_node.register_subscriber('{Queue}', '{node}', '{Worker(node)}', null)");
        Assert.Equal(200, subscribed.Code);
        var watermark = (long)subscribed["global_watermark"]!;

        await cascade.OkAsync(node, $"select * from pgq_node.register_location('{Queue}', '{node}', '{Location(node)}', false)");
        foreach (var member in members)
        {
            var dead = (bool)member["dead"]! ? "true" : "false";
            await cascade.OkAsync(node, $"select * from pgq_node.register_location('{Queue}', '{member["node_name"]}', '{member["node_location"]}', {dead})");
        }
        var created = await cascade.OkAsync(node,
            $"select * from pgq_node.create_node('{Queue}', '{nodeType}', '{node}', '{Worker(node)}', '{provider}', {watermark}, null)");
        Assert.Equal(200, created.Code);
        return watermark;
    }

    /// <summary>
    /// One tick on the root's queue, now: the ticker's thresholds (lag, idle period) are set to a microsecond first (a tick in an earlier transaction is always older),
    /// since pgq.ticker(queue) otherwise ticks only when enough time has passed. Returns the tick id.
    /// </summary>
    public static async Task<long> TickAsync(TwinCascade cascade, string root)
    {
        await cascade.OkAsync(root, $"select pgq.set_queue_config('{Queue}', 'ticker_max_lag', '1 microsecond') as a, pgq.set_queue_config('{Queue}', 'ticker_idle_period', '1 microsecond') as b");
        return (long)(await cascade.OkAsync(root, $"select pgq.ticker('{Queue}') as tick"))["tick"]!;
    }

    /// <summary>root, branch below it, leaf below the branch.</summary>
    public static async Task<TwinCascade> ThreeNodesAsync(PgqNodeTwinFixture fixture)
    {
        var cascade = await fixture.CreateCascadeAsync("root", "branch", "leaf");
        await InitRootAsync(cascade, "root");
        await InitSubscriberAsync(cascade, "branch", "branch", "root", "root");
        await InitSubscriberAsync(cascade, "leaf", "leaf", "branch", "root");
        return cascade;
    }
}
