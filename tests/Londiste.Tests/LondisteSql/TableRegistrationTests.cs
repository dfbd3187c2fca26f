namespace Londiste.Tests.LondisteSql;

/// <summary>Adding, listing, changing and removing tables: same results and rows as the original.</summary>
public sealed class TableRegistrationTests(LondisteOnOriginalFixture fixture) : IClassFixture<LondisteOnOriginalFixture>
{
    private const string TableList = "select * from londiste.get_table_list('q')";
    private const string TableInfo = "select nr, queue_name, table_name, local, merge_state, custom_snapshot, dropped_ddl, table_attrs, dest_table from londiste.table_info order by nr";

    [Fact]
    public async Task Global_add_table_registers_once_and_refuses_an_unknown_queue()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.SubscriberAsync();
        Assert.Equal("200|Table added: t1", await twins.SameLineAsync("select * from londiste.global_add_table('q', 't1')"));
        Assert.Equal("200|Table already added: public.t1", await twins.SameLineAsync("select * from londiste.global_add_table('q', 'public.t1')"));
        Assert.Equal("400|No such queue: nq", await twins.SameLineAsync("select * from londiste.global_add_table('nq', 't1')"));
        await twins.SameLineAsync("select * from londiste.global_add_table('q', 'Odd S.Mixed T')");
        await twins.SameAsync(TableInfo);
        Assert.Equal(["r|Odd S.Mixed T", "r|public.t1"], await twins.SameAsync("select * from londiste.local_show_missing('q')"));
    }

    [Fact]
    public async Task Local_add_table_on_the_root_registers_captures_and_announces_the_table()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.RootAsync();
        await twins.ExecAsync("""
            create table t1 (id int primary key, v text);
            create schema "Odd S"; create table "Odd S"."Mixed T" ("Id" serial primary key, v text);
            create table t3 (id int primary key)
            """);
        Assert.Equal("200|Table added: public.t1", await twins.SameLineAsync("select * from londiste.local_add_table('q', 't1')"));
        Assert.Equal("200|Table already added: public.t1", await twins.SameLineAsync("select * from londiste.local_add_table('q', 'public.t1')"));
        Assert.Equal("410|Table public.t1 already added, but with different args: ",
            await twins.SameLineAsync("select * from londiste.local_add_table('q', 't1', array['x'], 'handler=y')"));
        Assert.Equal("200|Table added: Odd S.Mixed T",
            await twins.SameLineAsync("""select * from londiste.local_add_table('q', 'Odd S.Mixed T', array['skip_truncate', 'expect_sync'], 'handler=bulk')"""));
        Assert.Equal("404|Table does not exist: public.nope", await twins.SameLineAsync("select * from londiste.local_add_table('q', 'nope')"));
        Assert.Equal("400|No such set: nq", await twins.SameLineAsync("select * from londiste.local_add_table('nq', 't3')"));
        Assert.Equal("405|Cannot use merge-all and no-merge together",
            await twins.SameLineAsync("select * from londiste.local_add_table('q', 't3', array['merge_all', 'no_merge'])"));

        Assert.Equal(
            ["public.t1|t|ok|∅|∅|∅|∅|0|∅", "Odd S.Mixed T|t|ok|∅|handler=bulk&skip_truncate=1|∅|∅|0|∅"],
            await twins.SameAsync(TableList));
        await twins.SameAsync(TableInfo);
        Assert.Equal(["londiste.add-table|public.t1|∅|∅", "londiste.add-table|Odd S.Mixed T|∅|∅"], await twins.SameEventsAsync());
        Assert.Equal(["S|Odd S.Mixed T_Id_seq", "r|public.t3"], await twins.SameAsync("select * from londiste.local_show_missing('q')"));
    }

    [Fact]
    public async Task Local_add_table_on_a_leaf_needs_the_table_on_the_queue_and_waits_for_its_copy()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.SubscriberAsync();
        await twins.ExecAsync("create table t1 (id int primary key); create table t2 (id int primary key); create table t2_local (id int primary key)");
        Assert.Equal("404|Table not available on queue: public.t1", await twins.SameLineAsync("select * from londiste.local_add_table('q', 't1')"));
        await twins.ExecAsync("select londiste.global_add_table('q', 't1'); select londiste.global_add_table('q', 't2'); select londiste.global_add_table('q', 't3')");
        Assert.Equal("200|Table added: public.t1", await twins.SameLineAsync("select * from londiste.local_add_table('q', 't1')"));
        Assert.Equal("200|Table added: public.t2(public.t2_local)",
            await twins.SameLineAsync("select * from londiste.local_add_table('q', 't2', null, null, 't2_local')"));
        Assert.Equal("200|Table added with no triggers: public.t3",
            await twins.SameLineAsync("select * from londiste.local_add_table('q', 't3', array['virtual_table'])"));
        Assert.Equal(
            ["public.t1|t|∅|∅|∅|∅|∅|0|∅", "public.t2|t|∅|∅|∅|∅|∅|0|public.t2_local", "public.t3|t|ok|∅|∅|∅|∅|0|∅"],
            await twins.SameAsync(TableList));
        Assert.Empty(await twins.SameAsync("select * from londiste.local_show_missing('q')"));
    }

    [Fact]
    public async Task Table_state_attributes_and_dropped_ddl_are_set_on_local_tables_only()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.SubscriberAsync();
        await twins.ExecAsync("create table t1 (id int primary key, v text); select londiste.global_add_table('q', 't1'); select londiste.global_add_table('q', 't2')");
        await twins.SameLineAsync("select * from londiste.local_add_table('q', 't1')");
        Assert.Equal("200|Table public.t1 state set to 'in-copy'", await twins.SameLineAsync("select * from londiste.local_set_table_state('q', 't1', '10:20:15', 'in-copy')"));
        Assert.Equal("404|No such table: public.t2", await twins.SameLineAsync("select * from londiste.local_set_table_state('q', 't2', null, 'in-copy')"));
        Assert.Equal("200|Table struct stored", await twins.SameLineAsync("select * from londiste.local_set_table_struct('q', 'public.t1', 'create index t1_v on public.t1 (v)')"));
        Assert.Equal("404|no such local table: t1", await twins.SameLineAsync("select * from londiste.local_set_table_struct('q', 't1', null)"));
        Assert.Equal("200|public.t1: Table attributes stored", await twins.SameLineAsync("select * from londiste.local_set_table_attrs('q', 'public.t1', 'handler=x')"));
        Assert.Equal("404|no such local table: public.t2", await twins.SameLineAsync("select * from londiste.local_set_table_attrs('q', 'public.t2', 'handler=x')"));
        Assert.Equal(["public.t1|t|in-copy|10:20:15|handler=x|create index t1_v on public.t1 (v)|∅|0|∅", "public.t2|f|∅|∅|∅|∅|∅|0|∅"],
            await twins.SameAsync(TableList));
        // dropped_ddl is only allowed while copying
        await twins.SameErrorAsync("select * from londiste.local_set_table_state('q', 't1', null, 'ok')");
        await twins.SameLineAsync("select * from londiste.local_set_table_state('q', 't1', null, 'catching-up')");
        // (a NULL state passes the check as well)
        Assert.Equal("200|Table public.t1 state set to NULL", await twins.SameLineAsync("select * from londiste.local_set_table_state('q', 't1', null, null)"));
        await twins.SameAsync(TableInfo);
    }
}
