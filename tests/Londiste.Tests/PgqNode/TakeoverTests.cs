namespace Londiste.Tests.PgqNode;

/// <summary>Role changes: switchover (demote_root + promote_branch), change of provider and dropping nodes, compared with the original.</summary>
public sealed class TakeoverTests(PgqNodeTwinFixture fixture) : IClassFixture<PgqNodeTwinFixture>
{
    private const string Q = CascadeSetup.Queue;

    [Fact]
    public async Task Root_and_branch_switch_roles_like_the_original()
    {
        await using var cascade = await CascadeSetup.ThreeNodesAsync(fixture);
        Assert.Equal(2, await CascadeSetup.TickAsync(cascade, "root"));
        await cascade.OkAsync("branch", $"select pgq.ticker('{Q}', 2, now(), 1)");

        Assert.Equal((301, "Node not root"), await Call(cascade, "branch", "demote_root('q', 1, 'root')"));
        Assert.Equal((404, "Node not initialized for queue: nosuch"), await Call(cascade, "root", "demote_root('nosuch', 1, 'branch')"));
        Assert.Equal("P0001: incorrect step number", (await cascade.RunAsync("root", $"select * from pgq_node.demote_root('{Q}', 0, 'branch')")).Error);
        Assert.Equal("P0001: steps in wrong order", (await cascade.RunAsync("root", $"select * from pgq_node.demote_root('{Q}', 2, 'branch')")).Error);

        var step1 = await cascade.OkAsync("root", $"select * from pgq_node.demote_root('{Q}', 1, 'branch')");
        Assert.Equal((200, "Step 1: Writing disabled for: q", null), (step1.Code, step1.Note, step1["last_tick"]));
        // Writers are refused from now on. The message is the same; the SQLSTATE is pgq's own business
        // (the original's C function raises XX000, ours P0001).
        Assert.Equal("P0001: Insert into queue disallowed", (await cascade.OursAsync("root", $"select pgq.insert_event('{Q}', 'x', 'y')")).Error);
        var step2 = await cascade.OkAsync("root", $"select * from pgq_node.demote_root('{Q}', 2, 'branch')");
        Assert.Equal((200, "Step 2: Inserted last tick: q", 3L), (step2.Code, step2.Note, (long)step2["last_tick"]!));
        var step3 = await cascade.OkAsync("root", $"select * from pgq_node.demote_root('{Q}', 3, 'branch')");
        Assert.Equal((200, "Step 3: Demoted root to branch: q", 3L), (step3.Code, step3.Note, (long)step3["last_tick"]!));
        var demoted = await cascade.OkAsync("root", $"select * from pgq_node.get_node_info('{Q}')");
        Assert.Equal(("branch", "branch", false), ((string)demoted["node_type"]!, (string)demoted["provider_node"]!, (bool)demoted["worker_uptodate"]!));
        await cascade.OkAsync("root", "select queue_name, queue_external_ticker, queue_disable_insert from pgq.queue");
        await cascade.OkAsync("root", $"select * from pgq_node.get_worker_state('{Q}')");

        // The branch copies the last tick and takes over.
        await cascade.OkAsync("branch", $"select pgq.ticker('{Q}', 3, now(), 2)");
        Assert.Equal((301, "Node not branch"), await Call(cascade, "leaf", "promote_branch('q')"));
        Assert.Equal((404, "Node not initialized for queue: nosuch"), await Call(cascade, "branch", "promote_branch('nosuch')"));
        Assert.Equal((200, "Branch node promoted to root"), await Call(cascade, "branch", "promote_branch('q')"));
        Assert.Equal((301, "Node not branch"), await Call(cascade, "branch", "promote_branch('q')"));
        var promoted = await cascade.OkAsync("branch", $"select * from pgq_node.get_node_info('{Q}')");
        Assert.Equal(("root", "branch", 3L), ((string)promoted["node_type"]!, (string)promoted["provider_node"]!, (long)promoted["worker_last_tick"]!));
        await cascade.OkAsync("branch", "select queue_name, queue_external_ticker, queue_disable_insert from pgq.queue");
        await cascade.OkAsync("branch", $"select * from pgq_node.get_worker_state('{Q}')");
        // Local ticks continue above the copied ones.
        Assert.Equal(4, await CascadeSetup.TickAsync(cascade, "branch"));
        Assert.True(await cascade.OkAsync("branch", $"select pgq_node.is_root_node('{Q}') as r") is { } r && (bool)r["r"]!);
    }

    [Fact]
    public async Task A_leaf_changes_provider_and_nodes_are_dropped_like_the_original()
    {
        await using var cascade = await CascadeSetup.ThreeNodesAsync(fixture);
        // change-provider: subscribe on the new provider at the leaf's position, point the worker there, leave the old one.
        await cascade.OkAsync("root", $"select * from pgq_node.register_subscriber('{Q}', 'leaf', 'w_leaf', 1)");
        Assert.Equal((200, "Consumer provider node set to : root"), await Call(cascade, "leaf", "change_consumer_provider('q', 'w_leaf', 'root')"));
        Assert.Equal((200, "Subscriber unregistered: leaf"), await Call(cascade, "branch", "unregister_subscriber('q', 'leaf')"));
        var leaf = await cascade.OkAsync("leaf", $"select * from pgq_node.get_worker_state('{Q}')");
        Assert.Equal(("root", "dbname=root", false), ((string)leaf["provider_node"]!, (string)leaf["provider_location"]!, (bool)leaf["uptodate"]!));
        await cascade.OkAsync("root", $"select * from pgq_node.get_subscriber_info('{Q}')");

        // The leaf's provider cannot be dropped from under it.
        Assert.Equal((405, "Cannot drop provider node: root"), await Call(cascade, "leaf", "drop_node('q', 'root')"));
        // Dropping the leaf everywhere: on its provider, on the other members, then on itself.
        Assert.Equal((200, "Node dropped: leaf"), await Call(cascade, "root", "drop_node('q', 'leaf')"));
        Assert.Equal((200, "Node dropped: leaf"), await Call(cascade, "branch", "drop_node('q', 'leaf')"));
        Assert.Equal((200, "Node dropped: leaf"), await Call(cascade, "leaf", "drop_node('q', 'leaf')"));
        await cascade.OkAsync("root", $"select * from pgq_node.get_subscriber_info('{Q}')");
        await cascade.OkAsync("root", $"select * from pgq_node.get_queue_locations('{Q}') order by 1");
        await cascade.OkAsync("root", "select queue_name, consumer_name, last_tick from pgq.get_consumer_info() order by 1, 2");
        await cascade.OkAsync("root", "select ev_type, ev_data, ev_extra1 from pgq.event_1 order by ev_id");
        Assert.Equal(404, (await cascade.OkAsync("leaf", $"select * from pgq_node.get_node_info('{Q}')")).Code);
        Assert.Empty((await cascade.OkAsync("leaf", $"select * from pgq_node.get_queue_locations('{Q}')")).Rows);
        // Dropping a node that is already gone cleans up and succeeds.
        Assert.Equal((200, "Node dropped: leaf"), await Call(cascade, "leaf", "drop_node('q', 'leaf')"));

        // The branch drops itself: its queue and metadata go.
        Assert.Equal((200, "Node dropped: branch"), await Call(cascade, "branch", "drop_node('q', 'branch')"));
        Assert.Empty((await cascade.OkAsync("branch", "select queue_name from pgq.queue")).Rows);
        Assert.Empty((await cascade.OkAsync("branch", "select * from pgq_node.local_state")).Rows);
        Assert.Equal((200, "Node dropped: branch"), await Call(cascade, "root", "drop_node('q', 'branch')"));
        await cascade.OkAsync("root", $"select * from pgq_node.get_node_info('{Q}')");
    }

    private static Task<(int, string?)> Call(TwinCascade cascade, string node, string call) => ConsumerStateTests.CallAsync(cascade, node, call);
}
