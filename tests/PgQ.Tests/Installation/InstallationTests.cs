using Npgsql;
using PgQ.Installation;
using PgQ.Tests.Queue;
using TestSupport;

namespace PgQ.Tests.Installation;

/// <summary>Installing needs no superuser and no extension; re-running and upgrading keep the data.</summary>
public sealed class InstallationTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_plain_database_owner_installs_and_runs_the_queue_and_any_role_can_produce()
    {
        var database = await fixture.CreateDatabaseAsync("owned");
        await fixture.Cluster.ExecuteAsync("postgres", """
            do $$ begin
                if not exists (select 1 from pg_roles where rolname = 'app_owner') then create role app_owner login; end if;
                if not exists (select 1 from pg_roles where rolname = 'app_writer') then create role app_writer login; end if;
            end $$
            """);
        await fixture.Cluster.ExecuteAsync("postgres", $"alter database \"{database}\" owner to app_owner");

        var outcome = await SchemaInstaller.InstallPgQAsync(fixture.Cluster.ConnectionString(database, "app_owner"), CancellationToken.None);
        Assert.Equal(0, outcome.PreviousRevision);

        await using (var owner = new NpgsqlConnection(fixture.Cluster.ConnectionString(database, "app_owner")))
        {
            await owner.OpenAsync();
            Assert.False(await owner.ScalarAsync<bool>("select rolsuper from pg_roles where rolname = current_user"));
            await owner.ExecAsync("select pgq.create_queue('q')");
            await owner.ExecAsync("select pgq.register_consumer('q', 'c')");
        }
        await using (var writer = new NpgsqlConnection(fixture.Cluster.ConnectionString(database, "app_writer")))
        {
            await writer.OpenAsync();
            await writer.ExecAsync("select pgq.insert_event('q', 't', 'from a role without grants')");
            // Consuming and administration are not for everybody.
            var denied = await Assert.ThrowsAsync<PostgresException>(() => writer.ExecAsync("select pgq.ticker()"));
            Assert.Equal("42501", denied.SqlState);
        }
        await using (var owner = new NpgsqlConnection(fixture.Cluster.ConnectionString(database, "app_owner")))
        {
            await owner.OpenAsync();
            await owner.TickNowAsync("q");
            Assert.Equal(["from a role without grants"], (await owner.DrainAsync("q", "c")).Select(e => e.Data));
        }
    }

    [Fact]
    public async Task Installing_twice_changes_nothing_and_keeps_queued_events()
    {
        var database = await fixture.CreateDatabaseAsync("twice");
        var connectionString = fixture.ConnectionString(database);
        var first = await SchemaInstaller.InstallPgQAsync(connectionString, CancellationToken.None);
        await using var db = await fixture.OpenAsync(database);
        await db.ExecAsync("select pgq.create_queue('q')");
        await db.ExecAsync("select pgq.register_consumer('q', 'c')");
        await db.ExecAsync("select pgq.insert_event('q', 't', 'kept')");

        var second = await SchemaInstaller.InstallPgQAsync(connectionString, CancellationToken.None);
        Assert.Equal(first.Revision, second.PreviousRevision);
        Assert.Equal(first.Revision, second.Revision);
        await db.TickNowAsync("q");
        Assert.Equal(["kept"], (await db.DrainAsync("q", "c")).Select(e => e.Data));
    }

    [Fact]
    public async Task Upgrading_from_an_older_revision_applies_only_the_missing_migrations()
    {
        var database = await fixture.CreateDatabaseAsync("upgrade");
        var connectionString = fixture.ConnectionString(database);
        var plan = InstallPlan.Load("pgq");
        var old = await new SchemaInstaller().InstallAsync(connectionString, plan, 1, CancellationToken.None);
        Assert.Equal(1, old.Revision);
        await using var db = await fixture.OpenAsync(database);
        await db.ExecAsync("select pgq.create_queue('q')");
        await db.ExecAsync("select pgq.register_consumer('q', 'c')");
        await db.ExecAsync("select pgq.insert_event('q', 't', 'survives the upgrade')");

        var upgraded = await SchemaInstaller.InstallPgQAsync(connectionString, CancellationToken.None);
        Assert.Equal(1, upgraded.PreviousRevision);
        Assert.Equal(plan.LatestRevision, upgraded.Revision);
        Assert.Equal(plan.LatestRevision, await db.ScalarAsync<int>("select count(*)::int from pgq.schema_migration"));
        await db.TickNowAsync("q");
        Assert.Equal(["survives the upgrade"], (await db.DrainAsync("q", "c")).Select(e => e.Data));
    }

    [Fact]
    public void Every_sql_file_is_listed_exactly_once_in_the_install_list()
    {
        var listed = SqlResources.ReadList("pgq/install.list").Select(p => "pgq/" + p).ToList();
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(SqlResources.AllPaths("pgq/").Where(p => p.EndsWith(".sql", StringComparison.Ordinal)).Order(), listed.Order());
    }

    [Fact]
    public void The_review_script_contains_every_function()
    {
        var script = InstallPlan.Load("pgq").Script();
        foreach (var function in new[] { "pgq.next_batch_custom", "pgq.ticker", "pgq.maint_operations", "pgq.insert_event_raw" })
        {
            Assert.Contains($"create or replace function {function}(", script);
        }
    }

    [Fact]
    public async Task The_review_script_can_be_run_by_hand_twice_and_gives_a_working_queue()
    {
        var database = await fixture.CreateDatabaseAsync("script");
        var script = InstallPlan.Load("pgq").Script();
        await fixture.Cluster.ExecuteAsync(database, script);
        await fixture.Cluster.ExecuteAsync(database, script);
        await using var db = await fixture.OpenAsync(database);
        Assert.Equal(InstallPlan.Load("pgq").LatestRevision, await db.ScalarAsync<int>("select count(*)::int from pgq.schema_migration"));
        await db.ExecAsync("select pgq.create_queue('q')");
        await db.ExecAsync("select pgq.register_consumer('q', 'c')");
        await db.ExecAsync("select pgq.insert_event('q', 't', 'by hand')");
        await db.TickNowAsync("q");
        Assert.Equal(["by hand"], (await db.DrainAsync("q", "c")).Select(e => e.Data));
    }
}
