namespace Londiste.Tests.LondisteSql;

/// <summary>Sequences: registration, publishing from the root, following on subscribers.</summary>
public sealed class SequenceTests(LondisteOnOriginalFixture fixture) : IClassFixture<LondisteOnOriginalFixture>
{
    [Fact]
    public async Task The_root_publishes_a_sequence_when_added_and_when_it_nears_the_published_value()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.RootAsync();
        await twins.ExecAsync("create sequence s1; create sequence \"Odd S1\"");
        Assert.Equal("200|Sequence added: public.s1", await twins.SameLineAsync("select * from londiste.local_add_seq('q', 's1')"));
        Assert.Equal("201|Sequence already added: public.s1", await twins.SameLineAsync("select * from londiste.local_add_seq('q', 'public.s1')"));
        Assert.Equal("400|Sequence not found: public.nope", await twins.SameLineAsync("select * from londiste.local_add_seq('q', 'nope')"));
        await twins.SameLineAsync("select * from londiste.local_add_seq('q', 'Odd S1')");
        Assert.Equal(["public.s1|30001|t", "public.Odd S1|30001|t"], await twins.SameAsync("select * from londiste.get_seq_list('q')"));

        Assert.Equal("100|Sequences updated", await twins.SameLineAsync("select * from londiste.root_check_seqs('q')"));
        await twins.ExecAsync("select setval('s1', 25000)");
        Assert.Equal("100|Sequences updated", await twins.SameLineAsync("select * from londiste.root_check_seqs('q', 5)"));
        await twins.SameLineAsync("select * from londiste.root_check_seqs('q', 30000)");
        Assert.Equal(["public.s1|115000|t", "public.Odd S1|90001|t"], await twins.SameAsync("select * from londiste.get_seq_list('q')"));
        Assert.Equal("402|Must not run on root node", await twins.SameLineAsync("select * from londiste.global_update_seq('q', 's1', 5)"));
        Assert.Equal("404|Queue not found: nq", await twins.SameLineAsync("select * from londiste.root_check_seqs('nq')"));

        Assert.Equal("200|Sequence removed: public.s1", await twins.SameLineAsync("select * from londiste.local_remove_seq('q', 's1')"));
        Assert.Equal("400|Sequence not found: public.s1", await twins.SameLineAsync("select * from londiste.global_remove_seq('q', 's1')"));
        await twins.SameEventsAsync();
    }

    [Fact]
    public async Task A_subscriber_follows_published_values_of_the_sequences_it_keeps()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.SubscriberAsync();
        await twins.ExecAsync("create sequence s1; create sequence s2");
        Assert.Equal("404|Unknown sequence: public.s1", await twins.SameLineAsync("select * from londiste.local_add_seq('q', 's1')"));
        Assert.Equal("200|Sequence updated", await twins.SameLineAsync("select * from londiste.global_update_seq('q', 's1', 500)"));
        await twins.SameLineAsync("select * from londiste.global_update_seq('q', 'public.s2', 10)");
        Assert.Equal("200|Sequence added: public.s1", await twins.SameLineAsync("select * from londiste.local_add_seq('q', 's1')"));
        Assert.Equal("500", await twins.SameLineAsync("select last_value from s1"));
        await twins.SameLineAsync("select * from londiste.global_update_seq('q', 's1', 700)");
        await twins.SameLineAsync("select * from londiste.global_update_seq('q', 's2', 20)");
        Assert.Equal("700|1", await twins.SameLineAsync("select (select last_value from s1), (select last_value from s2)"));
        Assert.Equal(["S|public.s2"], await twins.SameAsync("select * from londiste.local_show_missing('q')"));
        Assert.Equal("404|Set not found: nq", await twins.SameLineAsync("select * from londiste.global_update_seq('nq', 's1', 1)"));
        Assert.Equal("402|Not a root node", await twins.SameLineAsync("select * from londiste.root_check_seqs('q')"));

        Assert.Equal("200|Sequence removed: public.s1", await twins.SameLineAsync("select * from londiste.local_remove_seq('q', 's1')"));
        Assert.Equal("404|Sequence not found: public.s1", await twins.SameLineAsync("select * from londiste.local_remove_seq('q', 's1')"));
        Assert.Equal("200|Sequence removed: public.s2", await twins.SameLineAsync("select * from londiste.global_remove_seq('q', 's2')"));
        Assert.Equal(["public.s1|700|f"], await twins.SameAsync("select * from londiste.get_seq_list('q')"));
        await twins.SameAsync("select nr, queue_name, seq_name, local, last_value from londiste.seq_info order by nr");
    }
}
