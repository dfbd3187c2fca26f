namespace Londiste.Tests.LondisteSql;

/// <summary>Name helpers and catalog lookups give the original's answers.</summary>
public sealed class NameHelperTests(LondisteOnOriginalFixture fixture) : IClassFixture<LondisteOnOriginalFixture>
{
    [Fact]
    public async Task Names_are_split_at_the_first_dot_and_default_to_public()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        foreach (var name in new[] { "t", "s.t", "Odd S.Mixed \"T\"", "a.b.c", ".x", "x.", "" })
        {
            await twins.SameAsync("select londiste.quote_fqname($1), londiste.make_fqname($1), (londiste.split_fqname($1)).*", name);
        }
        Assert.Equal("\"Odd S\".\"Mixed T\"", await twins.SameLineAsync("select londiste.quote_fqname('Odd S.Mixed T')"));
        Assert.Equal("∅|∅|∅|∅", await twins.SameLineAsync("select londiste.quote_fqname(null), londiste.make_fqname(null), (londiste.split_fqname(null)).*"));
    }

    [Fact]
    public async Task Relation_lookups_find_tables_and_sequences_by_kind()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.ExecAsync("create schema \"Odd S\"; create table \"Odd S\".\"T 1\" (id serial primary key); create table t2 (a int, b int, primary key (b)); create view v as select 1");
        Assert.Equal("t|f|t|f|f|f",
            await twins.SameLineAsync("""
                select londiste.find_table_oid('Odd S.T 1') = '"Odd S"."T 1"'::regclass,
                       londiste.find_table_oid('Odd S.T 1_id_seq') is not null,
                       londiste.find_seq_oid('Odd S.T 1_id_seq') = '"Odd S"."T 1_id_seq"'::regclass,
                       londiste.find_rel_oid('v', 'r') is not null,
                       londiste.find_table_oid('nope') is not null,
                       londiste.find_table_oid('public.v') is not null
                """));
        Assert.Equal("t", await twins.SameLineAsync("select londiste.find_rel_oid('public.v', 'v') = 'v'::regclass"));
        Assert.Equal("k", await twins.SameLineAsync("select londiste.find_column_types('Odd S.T 1')"));
        // Deliberate difference: the original marks the first n columns as key for an n-column
        // primary key (it joins index attribute numbers to table ones); we mark the key columns.
        Assert.Equal("kv", await twins.Original.LineAsync("select londiste.find_column_types('t2')"));
        Assert.Equal("vk", await twins.Ours.LineAsync("select londiste.find_column_types('t2')"));
    }

    [Fact]
    public async Task Replica_functions_are_pgq_capture_triggers()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        Assert.Equal("t|f|f|∅", await twins.SameLineAsync("""
            select londiste.is_replica_func('pgq.logutriga'::regproc), londiste.is_replica_func('pgq.insert_event(text,text,text)'::regprocedure),
                   londiste.is_replica_func('londiste.version'::regproc), londiste.is_replica_func(null)
            """));
        const string Trigas = """
            select p.proname, londiste.is_replica_func(p.oid) from pg_proc p
             where p.pronamespace = 'pgq'::regnamespace and p.proname in ('sqltriga', 'jsontriga') order by 1
            """;
        Assert.All(await twins.Original.LinesAsync(Trigas), l => Assert.EndsWith("|t", l));
        Assert.All(await twins.Ours.LinesAsync(Trigas), l => Assert.EndsWith("|t", l));
    }
}
