namespace Londiste.Tests.PgqNode;

/// <summary>Cascaded consumer bookkeeping on a subscriber node (local_state), compared with the original.</summary>
public sealed class ConsumerStateTests(PgqNodeTwinFixture fixture) : IClassFixture<PgqNodeTwinFixture>
{
    private const string Q = CascadeSetup.Queue;

    [Fact]
    public async Task A_cascaded_consumer_registers_pauses_fails_completes_and_unregisters_like_the_original()
    {
        await using var cascade = await CascadeSetup.ThreeNodesAsync(fixture);
        const string leaf = "leaf";

        Assert.Equal((200, "Consumer extra registered on queue q"), await CallAsync(cascade, leaf, "register_consumer('q', 'extra', 'branch', 1)"));
        Assert.Equal((201, "Consumer already registered: q/extra"), await CallAsync(cascade, leaf, "register_consumer('q', 'extra', 'root', 1)"));
        Assert.Equal((404, "Unknown queue: nosuch"), await CallAsync(cascade, leaf, "register_consumer('nosuch', 'extra', 'root', 1)"));

        var state = await cascade.OkAsync(leaf, $"select * from pgq_node.get_consumer_state('{Q}', 'extra')");
        Assert.Equal((100, "root", "dbname=root", 1L), (state.Code, (string)state["provider_node"]!, (string)state["provider_location"]!, (long)state["completed_tick"]!));
        Assert.Equal(404, (await cascade.OkAsync(leaf, $"select * from pgq_node.get_consumer_state('{Q}', 'nobody')")).Code);
        Assert.Equal(404, (await cascade.OkAsync(leaf, "select * from pgq_node.get_consumer_state('nosuch', 'extra')")).Code);

        Assert.Equal((200, "Consumer extra tagged as paused"), await CallAsync(cascade, leaf, "set_consumer_paused('q', 'extra', true)"));
        Assert.Equal((201, "Consumer extra already paused"), await CallAsync(cascade, leaf, "set_consumer_paused('q', 'extra', true)"));
        Assert.Equal((404, "Unknown consumer: nobody"), await CallAsync(cascade, leaf, "set_consumer_paused('q', 'nobody', true)"));
        Assert.Equal((200, "Consumer uptodate = 1"), await CallAsync(cascade, leaf, "set_consumer_uptodate('q', 'extra', true)"));
        Assert.Equal((404, "Consumer not known: q/nobody"), await CallAsync(cascade, leaf, "set_consumer_uptodate('q', 'nobody', true)"));
        Assert.Equal((200, "Consumer extra tagged as resumed"), await CallAsync(cascade, leaf, "set_consumer_paused('q', 'extra', false)"));

        Assert.Equal((100, "Consumer extra error = boom"), await CallAsync(cascade, leaf, "set_consumer_error('q', 'extra', 'boom')"));
        Assert.Equal((101, "Consumer not known, ignoring: q/nobody"), await CallAsync(cascade, leaf, "set_consumer_error('q', 'nobody', 'boom')"));
        Assert.Equal("boom", (await cascade.OkAsync(leaf, $"select * from pgq_node.get_consumer_state('{Q}', 'extra')"))["cur_error"]);
        Assert.Equal((100, "Consumer extra completed tick = 7"), await CallAsync(cascade, leaf, "set_consumer_completed('q', 'extra', 7)"));
        Assert.Equal((404, "Consumer not known: q/nobody"), await CallAsync(cascade, leaf, "set_consumer_completed('q', 'nobody', 7)"));
        state = await cascade.OkAsync(leaf, $"select * from pgq_node.get_consumer_state('{Q}', 'extra')");
        Assert.Equal((7L, null), ((long)state["completed_tick"]!, state["cur_error"]));

        Assert.Equal((200, "Consumer provider node set to : branch"), await CallAsync(cascade, leaf, "change_consumer_provider('q', 'extra', 'branch')"));
        Assert.Equal((404, "New node not found: nowhere"), await CallAsync(cascade, leaf, "change_consumer_provider('q', 'extra', 'nowhere')"));
        Assert.Equal((404, "Unknown consumer: q/nobody"), await CallAsync(cascade, leaf, "change_consumer_provider('q', 'nobody', 'root')"));
        await cascade.OkAsync(leaf, $"select * from pgq_node.get_consumer_info('{Q}')");

        Assert.Equal((200, "Consumer extra unregistered from q"), await CallAsync(cascade, leaf, "unregister_consumer('q', 'extra')"));
        Assert.Equal((404, "Unknown queue: nosuch"), await CallAsync(cascade, leaf, "unregister_consumer('nosuch', 'extra')"));
        Assert.Equal(["w_leaf"], (await cascade.OkAsync(leaf, $"select * from pgq_node.get_consumer_info('{Q}')")).Rows.Select(r => (string)r["consumer_name"]!));
    }

    [Fact]
    public async Task Node_attributes_are_stored_and_shown_in_node_info()
    {
        await using var cascade = await CascadeSetup.ThreeNodesAsync(fixture);
        Assert.Equal((200, "Node attributes updated"), await CallAsync(cascade, "branch", "set_node_attrs('q', 'sync_watermark=branch%2Cleaf')"));
        Assert.Equal((404, "Node not found"), await CallAsync(cascade, "branch", "set_node_attrs('nosuch', 'x=1')"));
        Assert.Equal("sync_watermark=branch%2Cleaf", (await cascade.OkAsync("branch", $"select * from pgq_node.get_node_info('{Q}')"))["node_attrs"]);
    }

    [Fact]
    public async Task Node_and_worker_state_show_a_paused_or_missing_worker_like_the_original()
    {
        await using var cascade = await CascadeSetup.ThreeNodesAsync(fixture);
        await cascade.OkAsync("branch", $"select * from pgq_node.set_consumer_paused('{Q}', 'w_branch', true)");
        var info = await cascade.OkAsync("branch", $"select * from pgq_node.get_node_info('{Q}')");
        Assert.Equal((true, false), ((bool)info["worker_paused"]!, (bool)info["worker_uptodate"]!));
        var state = await cascade.OkAsync("branch", $"select * from pgq_node.get_worker_state('{Q}')");
        Assert.True((bool)state["paused"]!);

        await cascade.OkAsync("leaf", $"select * from pgq_node.unregister_consumer('{Q}', 'w_leaf')");
        state = await cascade.OkAsync("leaf", $"select * from pgq_node.get_worker_state('{Q}')");
        Assert.Equal((404, "Unknown consumer: q/w_leaf"), (state.Code, state.Note));
        await cascade.OkAsync("leaf", $"select * from pgq_node.get_node_info('{Q}')");
    }

    [Fact]
    public async Task Subscribers_register_and_unregister_on_their_provider_like_the_original()
    {
        await using var cascade = await CascadeSetup.ThreeNodesAsync(fixture);
        Assert.Equal((401, "Cannot subscribe to leaf node"), await CallAsync(cascade, "leaf", "register_subscriber('q', 'x', 'w_x', null)"));
        Assert.Equal((404, "Unknown queue: nosuch"), await CallAsync(cascade, "root", "register_subscriber('nosuch', 'x', 'w_x', null)"));
        Assert.Equal((304, "Subscriber not found"), await CallAsync(cascade, "root", "unregister_subscriber('q', 'x')"));

        // A node changing provider subscribes at its own position rather than the global watermark.
        Assert.Equal(2, await CascadeSetup.TickAsync(cascade, "root"));
        await cascade.OkAsync("root", $"select * from pgq_node.register_location('{Q}', 'x', 'dbname=x', false)");
        Assert.Equal((200, "Subscriber registered: x"), await CallAsync(cascade, "root", "register_subscriber('q', 'x', 'w_x', 2)"));
        await cascade.OkAsync("root", $"select * from pgq_node.get_subscriber_info('{Q}')");
        await cascade.OkAsync("root", "select consumer_name, last_tick from pgq.get_consumer_info('q') order by 1");
        Assert.Equal((200, "Subscriber unregistered: x"), await CallAsync(cascade, "root", "unregister_subscriber('q', 'x')"));
        Assert.Equal(["branch"], (await cascade.OkAsync("root", $"select * from pgq_node.get_subscriber_info('{Q}')")).Rows.Select(r => (string)r["node_name"]!));
        await cascade.OkAsync("root", "select consumer_name, last_tick from pgq.get_consumer_info('q') order by 1");
    }

    internal static async Task<(int, string?)> CallAsync(TwinCascade cascade, string node, string call)
    {
        var outcome = await cascade.OkAsync(node, "select ret_code, ret_note from pgq_node." + call);
        return (outcome.Code, outcome.Note);
    }
}
