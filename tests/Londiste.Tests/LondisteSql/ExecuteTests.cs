namespace Londiste.Tests.LondisteSql;

/// <summary>EXECUTE bookkeeping and periodic maintenance, compared with the original.</summary>
public sealed class ExecuteTests(LondisteOnOriginalFixture fixture) : IClassFixture<LondisteOnOriginalFixture>
{
    [Fact]
    public async Task Execute_runs_once_per_file_and_the_root_queues_the_script()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.RootAsync();
        Assert.Equal("200|Executing: a.sql", await twins.SameLineAsync("select * from londiste.execute_start('q', 'a.sql', 'create table a (id int)', true)"));
        Assert.Equal("201|EXECUTE: \"a.sql\" already applied, skipping", await twins.SameLineAsync("select * from londiste.execute_start('q', 'a.sql', 'x', true)"));
        Assert.Equal("200|Execute finished: a.sql", await twins.SameLineAsync("select * from londiste.execute_finish('q', 'a.sql')"));
        Assert.Equal("404|execute_file called without execute_start", await twins.SameLineAsync("select * from londiste.execute_finish('q', 'b.sql')"));
        await twins.SameLineAsync("select * from londiste.execute_start('q', 'b.sql', 'select 2', false, 'tables=public.a')");
        await twins.SameLineAsync("select * from londiste.execute_finish('q', 'b.sql')");
        await twins.SameErrorAsync("select * from londiste.execute_start('nq', 'c.sql', 'select 3', true)");
        Assert.Equal(["EXECUTE|create table a (id int)|a.sql|∅", "EXECUTE|select 2|b.sql|tables=public.a"], await twins.SameEventsAsync());
        await twins.SameAsync("select queue_name, execute_file, execute_sql, execute_attrs from londiste.applied_execute order by execute_file");
    }

    [Fact]
    public async Task A_subscriber_records_execute_without_queueing_and_refuses_root_only_scripts()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.SubscriberAsync();
        Assert.Equal("401|Node is not root node: q", await twins.SameLineAsync("select * from londiste.execute_start('q', 'a.sql', 'x', true)"));
        Assert.Equal("200|Executing: a.sql", await twins.SameLineAsync("select * from londiste.execute_start('q', 'a.sql', 'x', false)"));
        Assert.Equal("200|Execute finished: a.sql", await twins.SameLineAsync("select * from londiste.execute_finish('q', 'a.sql')"));
    }

    [Fact]
    public async Task Periodic_maintenance_forgets_scripts_older_than_three_months()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.RootAsync();
        await twins.ExecAsync("""
            select londiste.execute_start('q', 'old.sql', 'x', true);
            select londiste.execute_start('q', 'new.sql', 'x', true);
            update londiste.applied_execute set execute_time = now() - interval '3 months 1 day' where execute_file = 'old.sql'
            """);
        Assert.Equal("0", await twins.SameLineAsync("select londiste.periodic_maintenance()"));
        Assert.Equal(["new.sql"], await twins.SameAsync("select execute_file from londiste.applied_execute"));
    }
}
