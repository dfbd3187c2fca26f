namespace Londiste.Tests.PgqNode;

/// <summary>
/// Watermarks: subscribers report how far they are (set_subscriber_watermark), the root publishes
/// the global watermark and branches apply it; merge leaves follow a combined branch. Compared with the original.
/// </summary>
public sealed class WatermarkTests(PgqNodeTwinFixture fixture) : IClassFixture<PgqNodeTwinFixture>
{
    private const string Q = CascadeSetup.Queue;

    [Fact]
    public async Task Subscriber_and_global_watermarks_move_like_the_original()
    {
        await using var cascade = await CascadeSetup.ThreeNodesAsync(fixture);
        Assert.Equal(2, await CascadeSetup.TickAsync(cascade, "root"));
        Assert.Equal(3, await CascadeSetup.TickAsync(cascade, "root"));
        // The branch worker copies the root's ticks into its own queue and commits them.
        await cascade.OkAsync("branch", $"select pgq.ticker('{Q}', 2, now(), 1)");
        await cascade.OkAsync("branch", $"select pgq.ticker('{Q}', 3, now(), 1)");
        await cascade.OkAsync("branch", $"select * from pgq_node.set_consumer_completed('{Q}', 'w_branch', 3)");

        Assert.Equal((200, ".branch.watermark set to 2"), await Call(cascade, "root", "set_subscriber_watermark('q', 'branch', 2)"));
        Assert.Equal((100, "watermark already set"), await Call(cascade, "root", "set_subscriber_watermark('q', 'branch', 2)"));
        Assert.Equal((405, "watermark must not be moved backwards"), await Call(cascade, "root", "set_subscriber_watermark('q', 'branch', 1)"));
        Assert.Equal((404, "node nobody not subscribed to queue "), await Call(cascade, "root", "set_subscriber_watermark('q', 'nobody', 2)"));

        // The root publishes the lowest position below it: the branch worker still sits at tick 1.
        Assert.Equal((200, "Global watermark set to 1"), await Call(cascade, "root", "set_global_watermark('q', null)"));
        await cascade.OkAsync("root", $"select pgq.register_consumer_at('{Q}', 'w_branch', 3)");
        Assert.Equal((200, "Global watermark set to 2"), await Call(cascade, "root", "set_global_watermark('q', null)"));
        var root = await cascade.OkAsync("root", $"select * from pgq_node.get_node_info('{Q}')");
        Assert.Equal((2L, 2L, 3L), ((long)root["global_watermark"]!, (long)root["local_watermark"]!, (long)root["worker_last_tick"]!));
        Assert.Equal(2L, (await cascade.OkAsync("root", $"select * from pgq_node.get_consumer_info('{Q}')"))["last_tick_id"]);
        await cascade.OkAsync("root", "select ev_type, ev_data, ev_extra1 from pgq.event_1 where ev_type = 'pgq.global-watermark' order by ev_id");
        await cascade.OkAsync("root", $"select * from pgq_node.get_worker_state('{Q}')");

        // Branches apply the mark that came in the event; a tick they no longer have is skipped.
        Assert.Equal((200, "Global watermark set to 2"), await Call(cascade, "branch", "set_global_watermark('q', 2)"));
        Assert.Equal((200, "Skipping global watermark update to 99"), await Call(cascade, "branch", "set_global_watermark('q', 99)"));
        Assert.Equal((500, "bad usage: wm=null on branch node"), await Call(cascade, "branch", "set_global_watermark('q', null)"));
        Assert.Equal((100, "Ignoring global watermark in leaf"), await Call(cascade, "leaf", "set_global_watermark('q', 2)"));
        Assert.Equal((404, "Queuenosuch not found"), await Call(cascade, "leaf", "set_global_watermark('nosuch', 2)"));
        await cascade.OkAsync("branch", $"select * from pgq_node.get_node_info('{Q}')");
        await cascade.OkAsync("branch", $"select * from pgq_node.get_worker_state('{Q}')");
        await cascade.OkAsync("leaf", $"select * from pgq_node.get_worker_state('{Q}')");

        // pgqd's hook: the watermark is younger than 5 minutes, so nothing moves.
        foreach (var node in new[] { "root", "branch", "leaf" })
        {
            Assert.Equal(0, (int)(await cascade.OkAsync(node, $"select pgq_node.maint_watermark('{Q}') as r"))["r"]!);
        }
        Assert.Equal(2L, (await cascade.OkAsync("root", $"select * from pgq_node.get_node_info('{Q}')"))["global_watermark"]);
    }

    [Fact]
    public async Task A_merge_leaf_follows_its_combined_branch_like_the_original()
    {
        await using var cascade = await CascadeSetup.ThreeNodesAsync(fixture);
        // On the branch database, queue "part" is a merge leaf feeding the branch's queue "q".
        await cascade.OkAsync("branch", "select * from pgq_node.register_location('part', 'p_root', 'dbname=p_root', false)");
        await cascade.OkAsync("branch", "select * from pgq_node.register_location('part', 'p_leaf', 'dbname=branch', false)");
        Assert.Equal(200, (await cascade.OkAsync("branch", "select * from pgq_node.create_node('part', 'leaf', 'p_leaf', 'w_part', 'p_root', 1, 'q')")).Code);

        var part = await cascade.OkAsync("branch", "select * from pgq_node.get_node_info('part')");
        Assert.Equal(("q", "branch"), ((string)part["combined_queue"]!, (string)part["combined_type"]!));
        var combined = await cascade.OkAsync("branch", $"select * from pgq_node.get_node_info('{Q}')");
        Assert.Equal(new[] { "part" }, (string[])combined["target_for"]!);
        await cascade.OkAsync("branch", "select * from pgq_node.get_worker_state('part')");

        Assert.Equal((200, "Ok"), await Call(cascade, "branch", "set_partition_watermark('q', 'part', 5)"));
        Assert.Equal(5L, (await cascade.OkAsync("branch", "select * from pgq_node.get_worker_state('part')"))["completed_tick"]);
        Assert.Equal((201, "Part-queue does not exist"), await Call(cascade, "branch", "set_partition_watermark('q', 'nosuch', 5)"));
        Assert.Equal((201, "Part-queue does not exist"), await Call(cascade, "leaf", "set_partition_watermark('q', 'part', 5)"));
    }

    private static Task<(int, string?)> Call(TwinCascade cascade, string node, string call) => ConsumerStateTests.CallAsync(cascade, node, call);
}
