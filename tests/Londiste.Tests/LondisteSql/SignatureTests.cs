namespace Londiste.Tests.LondisteSql;

/// <summary>Our londiste schema offers the original's API: same functions, arguments, results, tables.</summary>
public sealed class SignatureTests(LondisteOnOriginalFixture fixture) : IClassFixture<LondisteOnOriginalFixture>
{
    private const string Functions = """
        select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') -> ' || pg_get_function_result(p.oid)
               || case when p.proisstrict then ' strict' else '' end
               || ' ' || p.provolatile::text
               || case when p.prosecdef then ' security definer' else '' end
          from pg_proc p
         where p.pronamespace = 'londiste'::regnamespace
         order by 1
        """;

    private const string Columns = """
        select c.table_name || '.' || c.column_name || ' ' || c.data_type || ' ' || c.is_nullable || ' ' || coalesce(c.column_default, '')
          from information_schema.columns c
         where c.table_schema = 'londiste'
         order by c.table_name, c.ordinal_position
        """;

    private const string Constraints = """
        select c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
          from pg_constraint c
         where c.connamespace = 'londiste'::regnamespace
         order by 1
        """;

    private const string Triggers = """
        select pg_get_triggerdef(t.oid)
          from pg_trigger t join pg_class c on c.oid = t.tgrelid
         where c.relnamespace = 'londiste'::regnamespace and not t.tgisinternal
         order by 1
        """;

    /// <summary>
    /// Functions only we have, on purpose:
    /// _create_capture_triggers — the one place that creates capture triggers (create_trigger calls it), so
    /// capture can be switched to generated per-table functions in one file;
    /// _partition_pattern — the date-suffix rules the three obsolete-partition functions share.
    /// </summary>
    private static readonly string[] OnlyOurFunctions =
    [
        "_create_capture_triggers(i_queue_name text, i_table_name text, i_trg_args text[], i_dest_table text, i_node_type text, OUT ret_code integer, OUT ret_note text, OUT trigger_name text) -> record v",
        "_partition_pattern(i_partition_period text, OUT suffix_regex text, OUT suffix_format text) -> record i",
    ];

    [Fact]
    public async Task Every_original_function_exists_with_the_same_arguments_result_strictness_and_volatility()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        var original = await twins.Original.LinesAsync(Functions);
        var ours = await twins.Ours.LinesAsync(Functions);
        Assert.Equal(49, original.Count);
        Assert.Equal([], original.Except(ours));
        Assert.Equal(OnlyOurFunctions, ours.Except(original));
    }

    [Fact]
    public async Task Tables_have_the_same_columns_constraints_and_triggers()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        var ours = await twins.Ours.LinesAsync(Columns);
        var original = await twins.Original.LinesAsync(Columns);
        // schema_migration records which structure migrations our installer applied (the original
        // is an extension and keeps its version in pg_extension).
        Assert.Equal(original, ours.Where(c => !c.StartsWith("schema_migration.", StringComparison.Ordinal)));
        Assert.Equal(
            (await twins.Original.LinesAsync(Constraints)).Append("londiste.schema_migration schema_migration_pkey PRIMARY KEY (revision)").Order(StringComparer.Ordinal),
            (await twins.Ours.LinesAsync(Constraints)).Order(StringComparer.Ordinal));
        await twins.SameAsync(Triggers);
    }

    [Fact]
    public async Task The_review_script_installs_the_same_schema_as_the_installer_and_may_run_twice()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        var scripted = "scripted_" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Cluster.CreateDatabaseAsync(scripted);
        await fixture.InstallOursByScriptAsync(scripted);
        await fixture.InstallOursByScriptAsync(scripted);
        await using var db = await fixture.OpenAsync(scripted);
        Assert.Equal(await twins.Ours.LinesAsync(Functions), await db.LinesAsync(Functions));
        Assert.Equal(await twins.Ours.LinesAsync(Columns), await db.LinesAsync(Columns));
        Assert.Equal(await twins.Ours.LinesAsync(Constraints), await db.LinesAsync(Constraints));
    }

    [Fact]
    public async Task Version_is_3_8_and_upgrade_schema_has_nothing_to_do()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        Assert.Equal("3.8", await twins.SameLineAsync("select londiste.version()"));
        Assert.Equal("0", await twins.SameLineAsync("select londiste.upgrade_schema()"));
    }
}
