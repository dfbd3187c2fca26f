using Npgsql;

namespace Londiste.Tests.PgqNode;

/// <summary>version(), upgrade_schema(), the ticker's maintenance hook and who may call what.</summary>
public sealed class SchemaApiTests(PgqNodeTwinFixture fixture) : IClassFixture<PgqNodeTwinFixture>
{
    private const string Q = CascadeSetup.Queue;

    [Fact]
    public async Task Version_and_upgrade_schema_answer_like_the_original()
    {
        await using var cascade = await fixture.CreateCascadeAsync("a");
        Assert.Equal("3.5", (await cascade.OkAsync("a", "select pgq_node.version() as v"))["v"]);
        // Our installer migrates the structure itself, so there is never anything left to upgrade.
        Assert.Equal(0, (await cascade.OkAsync("a", "select pgq_node.upgrade_schema() as n"))["n"]);
    }

    [Fact]
    public async Task Reinstalling_over_a_live_cascade_keeps_its_metadata()
    {
        await using var cascade = await CascadeSetup.ThreeNodesAsync(fixture);
        foreach (var node in new[] { "root", "branch", "leaf" })
        {
            var before = (await cascade.OursAsync(node, $"select * from pgq_node.get_worker_state('{Q}')")).ToString();
            var database = (string)(await cascade.OursAsync(node, "select current_database() as d"))["d"]!;
            await Londiste.Installation.NodeSchemas.InstallAsync(fixture.Cluster.ConnectionString(database, PgqNodeTwinFixture.OwnerRole), CancellationToken.None);
            Assert.Equal(before, (await cascade.OursAsync(node, $"select * from pgq_node.get_worker_state('{Q}')")).ToString());
        }
    }

    [Fact]
    public async Task The_ticker_maintains_the_root_watermark_like_the_original()
    {
        await using var cascade = await CascadeSetup.ThreeNodesAsync(fixture);
        foreach (var node in new[] { "root", "branch", "leaf" })
        {
            var hooks = await cascade.OkAsync(node, "select func_name, func_arg from pgq.maint_operations() where func_name like 'pgq_node.%'");
            Assert.Equal(node == "root" ? ["pgq_node.maint_watermark:q"] : [], hooks.Rows.Select(r => $"{r["func_name"]}:{r["func_arg"]}"));
        }
        // A fresh watermark is left alone.
        Assert.Equal(0, (await cascade.OkAsync("root", $"select pgq_node.maint_watermark('{Q}') as r"))["r"]);
        Assert.Empty((await cascade.OkAsync("root", "select ev_data from pgq.event_1 where ev_type = 'pgq.global-watermark'")).Rows);
        // One older than 5 minutes is published by the hook itself (workers that do not report must
        // not hold rotation back forever).
        await cascade.OkAsync("root", "update pgq.tick set tick_time = now() - interval '10 minutes' where tick_id = 1");
        Assert.Equal(0, (await cascade.OkAsync("root", $"select pgq_node.maint_watermark('{Q}') as r"))["r"]);
        Assert.Equal(["1"], (await cascade.OkAsync("root", "select ev_data from pgq.event_1 where ev_type = 'pgq.global-watermark'")).Rows.Select(r => (string)r["ev_data"]!));
    }

    [Fact]
    public async Task Other_roles_may_ask_about_the_node_but_not_administer_it()
    {
        await using var cascade = await CascadeSetup.ThreeNodesAsync(fixture);
        var database = (string)(await cascade.OursAsync("root", "select current_database() as d"))["d"]!;
        await fixture.Cluster.ExecuteAsync("postgres", """
            do $$ begin
                if not exists (select 1 from pg_roles where rolname = 'node_stranger') then create role node_stranger login; end if;
            end $$
            """);
        await using var stranger = new NpgsqlConnection(fixture.Cluster.ConnectionString(database, "node_stranger"));
        await stranger.OpenAsync();
        await using (var allowed = new NpgsqlCommand($"select pgq_node.is_root_node('{Q}'), pgq_node.version()", stranger))
        {
            Assert.Equal(true, await allowed.ExecuteScalarAsync());
        }
        foreach (var call in new[] { $"pgq_node.create_node('x', 'root', 'n', 'w', null, null, null)", $"pgq_node.set_consumer_completed('{Q}', 'w_root', 5)", $"pgq_node.get_node_info('{Q}')" })
        {
            await using var denied = new NpgsqlCommand($"select * from {call}", stranger);
            var error = await Assert.ThrowsAsync<PostgresException>(() => denied.ExecuteNonQueryAsync());
            Assert.Equal("42501", error.SqlState);
        }
    }
}
