namespace Londiste.Tests.PgqNode;

/// <summary>Root, branch and leaf set up as the original admin tool does, on ours and on the original.</summary>
public sealed class CascadeSetupTests(PgqNodeTwinFixture fixture) : IClassFixture<PgqNodeTwinFixture>
{
    private const string Q = CascadeSetup.Queue;

    [Fact]
    public async Task Root_branch_and_leaf_report_the_same_node_info_as_the_original()
    {
        await using var cascade = await CascadeSetup.ThreeNodesAsync(fixture);
        Assert.False((bool)(await cascade.OursAsync("root", "select rolsuper from pg_roles where rolname = current_user"))["rolsuper"]!);

        foreach (var node in new[] { "root", "branch", "leaf" })
        {
            await cascade.OkAsync(node, $"select * from pgq_node.get_node_info('{Q}')");
            await cascade.OkAsync(node, $"select * from pgq_node.get_worker_state('{Q}')");
            await cascade.OkAsync(node, $"select * from pgq_node.get_consumer_info('{Q}')");
            await cascade.OkAsync(node, $"select * from pgq_node.get_queue_locations('{Q}') order by 1");
            await cascade.OkAsync(node, $"select pgq_node.is_root_node('{Q}') as is_root, pgq_node.is_leaf_node('{Q}') as is_leaf");
            await cascade.OkAsync(node, "select queue_name, queue_external_ticker, queue_disable_insert from pgq.queue order by 1");
            await cascade.OkAsync(node, "select queue_name, consumer_name, last_tick from pgq.get_consumer_info() order by 1, 2");
        }

        var root = await cascade.OkAsync("root", $"select * from pgq_node.get_node_info('{Q}')");
        Assert.Equal(("root", "root", "root", 1L), ((string)root["node_type"]!, (string)root["provider_node"]!, (string)root["node_name"]!, (long)root["global_watermark"]!));
        var branch = await cascade.OkAsync("branch", $"select * from pgq_node.get_node_info('{Q}')");
        Assert.Equal(("branch", "root", "dbname=root", "w_branch"), ((string)branch["node_type"]!, (string)branch["provider_node"]!, (string)branch["provider_location"]!, (string)branch["worker_name"]!));
        var leaf = await cascade.OkAsync("leaf", $"select * from pgq_node.get_node_info('{Q}')");
        Assert.Equal(("leaf", "branch"), ((string)leaf["node_type"]!, (string)leaf["provider_node"]!));
        Assert.Null(leaf["global_watermark"]);

        var subscribers = await cascade.OkAsync("root", $"select * from pgq_node.get_subscriber_info('{Q}')");
        Assert.Equal(["branch"], subscribers.Rows.Select(r => (string)r["node_name"]!));
        subscribers = await cascade.OkAsync("branch", $"select * from pgq_node.get_subscriber_info('{Q}')");
        Assert.Equal(["leaf"], subscribers.Rows.Select(r => (string)r["node_name"]!));
        Assert.Empty((await cascade.OkAsync("leaf", $"select * from pgq_node.get_subscriber_info('{Q}')")).Rows);

        // The root told the cascade about every new member (twice for the branch: the root is also its provider).
        var events = await cascade.OkAsync("root", "select ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3 from pgq.event_1 order by ev_id");
        Assert.Equal(["branch", "branch", "leaf"], events.Rows.Select(r => (string)r["ev_data"]!));
        Assert.All(events.Rows, r => Assert.Equal("pgq.location-info", r["ev_type"]));
    }

    [Fact]
    public async Task Create_node_refuses_bad_arguments_with_the_original_codes()
    {
        await using var cascade = await fixture.CreateCascadeAsync("a", "b");
        await cascade.OkAsync("a", $"select * from pgq_node.register_location('{Q}', 'a', 'dbname=a', false)");
        Assert.Equal(401, (await cascade.OkAsync("a", $"select * from pgq_node.create_node('{Q}', 'root', 'a', 'w', 'x', null, null)")).Code);
        Assert.Equal(401, (await cascade.OkAsync("b", $"select * from pgq_node.create_node('{Q}', 'branch', 'b', 'w', null, 1, null)")).Code);
        Assert.Equal(401, (await cascade.OkAsync("b", $"select * from pgq_node.create_node('{Q}', 'branch', 'b', 'w', 'a', null, null)")).Code);
        var merge = await cascade.OkAsync("b", $"select * from pgq_node.create_node('{Q}', 'leaf', 'b', 'w', 'a', 1, 'nosuch')");
        Assert.Equal("non-existing queue on leaf side: nosuch", merge.Note);
        await CascadeSetup.InitRootAsync(cascade, "a");
        var again = await cascade.OkAsync("a", $"select * from pgq_node.create_node('{Q}', 'root', 'a', 'w', null, null, null)");
        Assert.Equal((401, "Node already initialized"), (again.Code, again.Note));
        Assert.Equal("P0001: queue does not exist: nosuch", (await cascade.RunAsync("a", "select pgq_node.is_root_node('nosuch')")).Error);
        Assert.Equal("P0001: queue does not exist: nosuch", (await cascade.RunAsync("a", "select pgq_node.is_leaf_node('nosuch')")).Error);
        Assert.Equal((404, "Unknown queue: nosuch"), ((await cascade.OkAsync("a", "select * from pgq_node.get_worker_state('nosuch')")).Code, (await cascade.OkAsync("a", "select * from pgq_node.get_worker_state('nosuch')")).Note));

        // Deliberate difference: the original stores nothing but fails later on a check constraint.
        var badType = await cascade.OursAsync("b", $"select * from pgq_node.create_node('{Q}', 'middle', 'b', 'w', 'a', 1, null)");
        Assert.Equal((401, "bad node type: middle"), (badType.Code, badType.Note));
    }

    [Fact]
    public async Task Locations_are_added_updated_and_removed_like_the_original()
    {
        await using var cascade = await CascadeSetup.ThreeNodesAsync(fixture);
        // A NULL location keeps the known one (takeover marks nodes dead without knowing them).
        await cascade.OkAsync("root", $"select * from pgq_node.register_location('{Q}', 'leaf', null, true)");
        await cascade.OkAsync("root", $"select * from pgq_node.register_location('{Q}', 'ghost', null, true)");
        var locations = await cascade.OkAsync("root", $"select * from pgq_node.get_queue_locations('{Q}') order by 1");
        Assert.Equal(["branch:dbname=branch:f", "leaf:dbname=leaf:t", "root:dbname=root:f"],
            locations.Rows.Select(r => $"{r["node_name"]}:{r["node_location"]}:{SqlOutcome.Render(r["dead"])}"));

        Assert.Equal((403, "Cannot drop node's own location"), Result(await cascade.OkAsync("branch", $"select * from pgq_node.unregister_location('{Q}', 'branch')")));
        Assert.Equal((403, "Cannot drop location of node's parent"), Result(await cascade.OkAsync("branch", $"select * from pgq_node.unregister_location('{Q}', 'root')")));
        Assert.Equal((301, "Location not found: q/ghost"), Result(await cascade.OkAsync("branch", $"select * from pgq_node.unregister_location('{Q}', 'ghost')")));
        // Removing a subscriber's location also removes its subscription.
        Assert.Equal((200, "Ok"), Result(await cascade.OkAsync("branch", $"select * from pgq_node.unregister_location('{Q}', 'leaf')")));
        Assert.Empty((await cascade.OkAsync("branch", $"select * from pgq_node.get_subscriber_info('{Q}')")).Rows);
        await cascade.OkAsync("branch", "select queue_name, consumer_name, last_tick from pgq.get_consumer_info() order by 1, 2");
        Assert.Equal((200, "Ok"), Result(await cascade.OkAsync("root", $"select * from pgq_node.unregister_location('{Q}', 'leaf')")));
        await cascade.OkAsync("root", "select ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3 from pgq.event_1 order by ev_id");
    }

    private static (int, string?) Result(SqlOutcome outcome) => (outcome.Code, outcome.Note);
}
