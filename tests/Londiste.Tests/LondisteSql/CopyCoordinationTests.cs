namespace Londiste.Tests.LondisteSql;

/// <summary>
/// copy_role and copy_pos of get_table_list / _coordinate_copy: how copies of one destination
/// table from several queues (partitions merged on a leaf) take turns. Same answers as the original.
/// </summary>
public sealed class CopyCoordinationTests(LondisteOnOriginalFixture fixture) : IClassFixture<LondisteOnOriginalFixture>
{
    private const string Both = """
        select 'part1', * from londiste.get_table_list('part1')
        union all
        select 'part2', * from londiste.get_table_list('part2')
        """;

    [Fact]
    public async Task Merged_partitions_elect_a_lead_that_drops_ddl_while_the_others_wait()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.RootAsync("full", "fullroot");
        await twins.SubscriberAsync("part1", "leaf", "p1", "full");
        await twins.SubscriberAsync("part2", "leaf", "p2", "full");
        await twins.ExecAsync("""
            create table t (id int primary key, v text);
            select londiste.global_add_table('part1', 't');
            select londiste.global_add_table('part2', 't')
            """);
        Assert.Equal("200|Table added: public.t", await twins.SameLineAsync("select * from londiste.local_add_table('part1', 't', array['merge_all'])"));
        await twins.SameAsync("select queue_name, table_name, local, merge_state from londiste.table_info order by nr");
        await twins.SameAsync(Both);

        string[] steps =
        [
            "select londiste.local_set_table_state('part1', 't', null, 'in-copy'); select londiste.local_set_table_state('part2', 't', null, 'in-copy')",
            "select londiste.local_set_table_struct('part1', 'public.t', 'alter table public.t add primary key (id)')",
            "select londiste.local_set_table_state('part1', 't', '1:5:', 'catching-up')",
            "select londiste.local_set_table_state('part2', 't', '1:6:', 'catching-up')",
            "select londiste.local_set_table_struct('part1', 'public.t', null)",
            "select londiste.local_set_table_state('part1', 't', null, 'ok')",
            "select londiste.local_set_table_state('part1', 't', null, 'in-copy')",
        ];
        var seen = new List<string>();
        foreach (var step in steps)
        {
            await twins.ExecAsync(step);
            seen.AddRange(await twins.SameAsync(Both));
        }
        Assert.Contains(seen, l => l.StartsWith("part1|public.t|t|in-copy", StringComparison.Ordinal) && l.Contains("|lead|", StringComparison.Ordinal));
        Assert.Contains(seen, l => l.StartsWith("part2|public.t|t|in-copy", StringComparison.Ordinal) && l.Contains("|wait-copy|", StringComparison.Ordinal));
        Assert.Contains(seen, l => l.Contains("|wait-replay|", StringComparison.Ordinal));
        await twins.SameAsync("select * from londiste._coordinate_copy('part2', 'public.t')");
        await twins.SameAsync("select * from londiste._coordinate_copy('part2', 'public.nope')");
    }

    [Fact]
    public async Task Copy_position_counts_earlier_queues_copying_the_same_table()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.SubscriberAsync("a", "leaf", "na");
        await twins.SubscriberAsync("b", "leaf", "nb");
        await twins.ExecAsync("""
            create table t (id int primary key); create table u (id int primary key);
            select londiste.global_add_table('a', 't'); select londiste.global_add_table('b', 't');
            select londiste.global_add_table('a', 'u')
            """);
        Assert.Equal("405|Found multiple sources for table public.t, use merge-all or no-merge to continue",
            await twins.SameLineAsync("select * from londiste.local_add_table('a', 't')"));
        await twins.SameLineAsync("select * from londiste.local_add_table('a', 't', array['no_merge'])");
        Assert.Equal("405|Found local table public.t in queue a, use remove-table first to remove all previous table subscriptions",
            await twins.SameLineAsync("select * from londiste.local_add_table('b', 't')"));
        await twins.SameLineAsync("select * from londiste.local_add_table('b', 't', array['no_merge'])");
        await twins.SameLineAsync("select * from londiste.local_add_table('a', 'u')");
        await twins.ExecAsync("""
            select londiste.local_set_table_state('a', 't', null, 'in-copy');
            select londiste.local_set_table_state('b', 't', null, 'in-copy');
            select londiste.local_set_table_state('a', 'u', null, 'in-copy')
            """);
        Assert.Equal(
            ["a|public.t|lead|0", "a|public.u|∅|0", "b|public.t|wait-copy|1"],
            await twins.SameAsync("""
                select 'a', table_name, copy_role, copy_pos from londiste.get_table_list('a')
                union all
                select 'b', table_name, copy_role, copy_pos from londiste.get_table_list('b')
                """));
    }
}
