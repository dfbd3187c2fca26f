namespace Londiste.Tests.LondisteSql;

/// <summary>Removing tables locally and from the queue: same results, rows, triggers and events as the original.</summary>
public sealed class RemovalTests(LondisteOnOriginalFixture fixture) : IClassFixture<LondisteOnOriginalFixture>
{
    [Fact]
    public async Task Local_remove_table_on_the_root_drops_triggers_serial_sequences_and_announces_it()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.RootAsync();
        await twins.ExecAsync("create table t1 (id serial primary key, v text); create table t2 (id int primary key)");
        await twins.SameLineAsync("select * from londiste.local_add_table('q', 't1')");
        await twins.SameLineAsync("select * from londiste.local_add_seq('q', 't1_id_seq')");
        Assert.Equal("200|Table removed: public.t1", await twins.SameLineAsync("select * from londiste.local_remove_table('q', 't1')"));
        Assert.Equal("400|Table not found: public.t1", await twins.SameLineAsync("select * from londiste.local_remove_table('q', 't1')"));
        Assert.Empty(await twins.SameTriggersAsync("t1"));
        Assert.Empty(await twins.SameAsync("select * from londiste.get_table_list('q')"));
        Assert.Empty(await twins.SameAsync("select * from londiste.get_seq_list('q')"));
        // a table registered on the queue but not local on the root is simply removed
        await twins.SameLineAsync("select * from londiste.global_add_table('q', 't2')");
        Assert.Equal("200|Table removed: public.t2", await twins.SameLineAsync("select * from londiste.local_remove_table('q', 't2')"));
        Assert.Equal(
        [
            "londiste.add-table|public.t1|∅|∅",
            "londiste.update-seq|30001|public.t1_id_seq|∅",
            "londiste.remove-seq|public.t1_id_seq|∅|∅",
            "londiste.remove-table|public.t1|∅|∅",
            "londiste.remove-table|public.t2|∅|∅",
        ], await twins.SameEventsAsync());
    }

    [Fact]
    public async Task Local_remove_table_on_a_leaf_keeps_the_registration_and_restores_dropped_ddl()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.SubscriberAsync();
        await twins.ExecAsync("""
            create table t1 (id int primary key, v text); insert into t1 values (1, 'half-copied');
            select londiste.global_add_table('q', 't1'); select londiste.global_add_table('q', 't2')
            """);
        await twins.SameLineAsync("select * from londiste.local_add_table('q', 't1')");
        await twins.ExecAsync("""
            select londiste.local_set_table_state('q', 't1', null, 'in-copy');
            select londiste.local_set_table_struct('q', 'public.t1', 'create index t1_v on public.t1 (v)')
            """);
        Assert.Equal("200|Table removed: public.t1", await twins.SameLineAsync("select * from londiste.local_remove_table('q', 't1')"));
        Assert.Equal("400|Table not registered locally: public.t2", await twins.SameLineAsync("select * from londiste.local_remove_table('q', 't2')"));
        Assert.Equal(["public.t1|f|∅|∅|∅|∅|∅|0|∅", "public.t2|f|∅|∅|∅|∅|∅|0|∅"], await twins.SameAsync("select * from londiste.get_table_list('q')"));
        Assert.Equal("0", await twins.SameLineAsync("select count(*) from t1"));
        Assert.Equal("t1_v", await twins.SameLineAsync("select indexname from pg_indexes where tablename = 't1' and indexname <> 't1_pkey'"));
        Assert.Empty(await twins.SameTriggersAsync("t1"));
    }

    [Fact]
    public async Task Global_remove_table_on_a_leaf_removes_the_local_table_too()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.SubscriberAsync();
        await twins.ExecAsync("create table t1 (id int primary key); select londiste.global_add_table('q', 't1')");
        await twins.SameLineAsync("select * from londiste.local_add_table('q', 't1')");
        Assert.Equal("200|Table removed: t1", await twins.SameLineAsync("select * from londiste.global_remove_table('q', 't1')"));
        Assert.Equal("400|Table not found: public.t1", await twins.SameLineAsync("select * from londiste.global_remove_table('q', 't1')"));
        Assert.Empty(await twins.SameTriggersAsync("t1"));
        Assert.Empty(await twins.SameAsync("select * from londiste.get_table_list('q')"));
    }
}
