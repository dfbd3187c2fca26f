namespace Londiste.Tests.Cli;

/// <summary>add-table, tables, remove-table, resync, missing, seqs, add-seq against the original londiste SQL.</summary>
public sealed class TableCommandTests(OriginalSqlFixture fixture) : IClassFixture<OriginalSqlFixture>, IDisposable
{
    private readonly ConfigFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Tables_shows_the_seed_layout_on_root_and_leaf()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        var add = await CliRun.RunAsync(cascade.RootIni, "add-table", "app.user_info", "app.user_session");
        Assert.Equal(0, add.ExitCode);
        Assert.Equal(["INFO Table added: app.user_info", "INFO Table added: app.user_session"], add.LogLines);

        var leafAdd = await CliRun.RunAsync(cascade.LeafIni, "add-table", "app.user_info", "--skip-truncate");
        Assert.Equal(0, leafAdd.ExitCode);
        // global_add_table answers "Table added" for the set's registry, local_add_table again for this node.
        Assert.Equal(
            ["INFO Table app.user_info info missing from subscriber, adding", "INFO Table added: app.user_info",
             "INFO Table app.user_session info missing from subscriber, adding", "INFO Table added: app.user_session",
             "INFO Table added: app.user_info"],
            leafAdd.LogLines);

        var root = await CliRun.RunAsync(cascade.RootIni, "tables");
        Assert.Equal(0, root.ExitCode);
        Assert.Equal("""
            Tables on node
            table_name        merge_state      table_attrs
            ----------------  ---------------  ---------------
            app.user_info     ok               
            app.user_session  ok               



            """, root.Output);

        var leaf = await CliRun.RunAsync(cascade.LeafIni, "tables");
        Assert.Equal(0, leaf.ExitCode);
        Assert.Equal("""
            Tables on node
            table_name       merge_state      table_attrs
            ---------------  ---------------  ---------------
            app.user_info    None             {'skip_truncate': '1'}



            """, leaf.Output);

        var names = await CliRun.RunAsync(cascade.LeafIni, "tables", "--names-only");
        Assert.Equal("app.user_info\n", names.Output);
    }

    [Fact]
    public async Task Add_table_all_attaches_every_missing_table_and_remove_table_detaches()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        Assert.Equal(0, (await CliRun.RunAsync(cascade.RootIni, "add-table", "--all")).ExitCode);
        var missing = await CliRun.RunAsync(cascade.LeafIni, "missing");
        Assert.Equal("", missing.Output);
        Assert.Equal(0, (await CliRun.RunAsync(cascade.LeafIni, "add-table", "app.*")).ExitCode);
        var leafMissing = await CliRun.RunAsync(cascade.LeafIni, "missing");
        Assert.Equal("""
            Missing objects on node
            obj_kind         obj_name
            ---------------  ---------------
            r                public.plain



            """, leafMissing.Output);

        var remove = await CliRun.RunAsync(cascade.LeafIni, "remove-table", "app.user_session");
        Assert.Equal(0, remove.ExitCode);
        Assert.Equal(["INFO Table removed: app.user_session"], remove.LogLines);
        var tables = await CliRun.RunAsync(cascade.LeafIni, "tables", "--names-only");
        Assert.Equal("app.user_info\n", tables.Output);
        Assert.Equal(0L, await fixture.ScalarAsync(cascade.LeafDb, "select count(*) from pg_trigger where tgrelid = 'app.user_session'::regclass and not tgisinternal"));
    }

    [Fact]
    public async Task An_unknown_table_is_one_clear_error_and_nothing_is_added()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        var run = await CliRun.RunAsync(cascade.RootIni, "add-table", "app.user_info", "app.nope");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            ["WARNING app.nope not available",
             "ERROR table(s) not available: app.nope: check the name (schema.table), see `missing` for what can be added, or use --force"],
            run.LogLines);
        Assert.Equal("", (await CliRun.RunAsync(cascade.RootIni, "tables")).Output);
    }

    [Fact]
    public async Task A_leaf_cannot_add_a_table_the_root_does_not_replicate()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        var run = await CliRun.RunAsync(cascade.LeafIni, "add-table", "app.user_info");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ERROR table(s) not available: app.user_info: check the name (schema.table), see `missing` for what can be added, or use --force", run.LogLines);
    }

    [Fact]
    public async Task Add_table_create_makes_the_missing_leaf_table_with_its_primary_key()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        await fixture.ExecuteAsync(cascade.RootDb, "create table app.extra (id bigint primary key, name text not null default 'x', note text); create index extra_name on app.extra (name);");
        Assert.Equal(0, (await CliRun.RunAsync(cascade.RootIni, "add-table", "app.extra")).ExitCode);
        var run = await CliRun.RunAsync(cascade.LeafIni, "add-table", "app.extra", "--create-full");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("INFO Creating table app.extra", run.LogLines);
        Assert.Equal("id,name,note", await fixture.ScalarAsync(cascade.LeafDb, "select string_agg(attname, ',' order by attnum) from pg_attribute where attrelid = 'app.extra'::regclass and attnum > 0"));
        Assert.Equal(1L, await fixture.ScalarAsync(cascade.LeafDb, "select count(*) from pg_constraint where conrelid = 'app.extra'::regclass and contype = 'p'"));
        Assert.Equal(1L, await fixture.ScalarAsync(cascade.LeafDb, "select count(*) from pg_indexes where schemaname = 'app' and indexname = 'extra_name'"));
        var tables = await CliRun.RunAsync(cascade.LeafIni, "tables", "--names-only");
        Assert.Equal("app.extra\n", tables.Output);
    }

    [Fact]
    public async Task Add_table_options_become_trigger_arguments_and_table_attributes()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        Assert.Equal(0, (await CliRun.RunAsync(cascade.RootIni, "add-table", "app.user_info", "app.user_session", "public.plain", "--trigger-arg=ignore=birthday", "--trigger-flags=IUD")).ExitCode);
        Assert.Contains("pgq.logutriga('replika', 'ignore=birthday')", (string)(await fixture.ScalarAsync(cascade.RootDb,
            "select pg_get_triggerdef(oid) from pg_trigger where tgrelid = 'app.user_info'::regclass and tgname = '_londiste_replika'"))!);

        var run = await CliRun.RunAsync(cascade.LeafIni, "add-table", "app.user_info", "--dest-table=public.plain", "--handler=londiste", "--copy-condition=userid > 10", "--max-parallel-copy=2", "--no-triggers");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("handler=londiste&max_parallel_copy=2&copy_condition=userid+%3E+10",
            await fixture.ScalarAsync(cascade.LeafDb, "select table_attrs from londiste.get_table_list('replika') where table_name = 'app.user_info'"));
        Assert.Equal("public.plain", await fixture.ScalarAsync(cascade.LeafDb, "select dest_table from londiste.get_table_list('replika') where table_name = 'app.user_info'"));

        var two = await CliRun.RunAsync(cascade.LeafIni, "add-table", "app.user_session", "public.plain", "--dest-table=x.y");
        Assert.Equal(1, two.ExitCode);
        Assert.Contains("ERROR --dest-table can be given only for single table", two.LogLines);
    }

    [Fact]
    public async Task Resync_sets_the_copy_state_back_to_none()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        Assert.Equal(0, (await CliRun.RunAsync(cascade.RootIni, "add-table", "app.user_info")).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(cascade.LeafIni, "add-table", "app.user_info", "--expect-sync")).ExitCode);
        Assert.Contains("app.user_info    ok", (await CliRun.RunAsync(cascade.LeafIni, "tables")).Output);
        var run = await CliRun.RunAsync(cascade.LeafIni, "resync", "app.user_info");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["INFO Table app.user_info state set to NULL"], run.LogLines);
        Assert.Contains("app.user_info    None", (await CliRun.RunAsync(cascade.LeafIni, "tables")).Output);
    }

    [Fact]
    public async Task Wait_sync_returns_once_every_table_is_ok()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        Assert.Equal(0, (await CliRun.RunAsync(cascade.RootIni, "add-table", "app.user_info")).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(cascade.LeafIni, "add-table", "app.user_info", "--expect-sync")).ExitCode);
        var run = await CliRun.RunAsync(cascade.LeafIni, "wait-sync");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["INFO Waiting until all tables are in sync", "INFO 0/1 table(s) to copy", "INFO All done"], run.LogLines);
    }

    [Fact]
    public async Task Seqs_lists_sequences_added_on_root_and_leaf()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        await fixture.ExecuteAsync(cascade.RootDb, "select setval('app.user_seq', 42)");
        var rootAdd = await CliRun.RunAsync(cascade.RootIni, "add-seq", "app.user_seq");
        Assert.Equal(0, rootAdd.ExitCode);
        Assert.Equal(["INFO Sequence added: app.user_seq"], rootAdd.LogLines);

        var leafAdd = await CliRun.RunAsync(cascade.LeafIni, "add-seq", "app.user_seq");
        Assert.Equal(0, leafAdd.ExitCode);
        Assert.Equal(["INFO Sequence app.user_seq info missing from subscriber, adding", "INFO Sequence updated", "INFO Sequence added: app.user_seq"], leafAdd.LogLines);

        var seqs = await CliRun.RunAsync(cascade.LeafIni, "seqs");
        Assert.Equal(0, seqs.ExitCode);
        Assert.Equal("""
            Sequences on node
            seq_name         local            last_value
            ---------------  ---------------  ---------------
            app.user_seq     True             30042



            """, seqs.Output);

        var remove = await CliRun.RunAsync(cascade.LeafIni, "remove-seq", "app.user_seq");
        Assert.Equal(["INFO Sequence removed: app.user_seq"], remove.LogLines);
        var missingSeq = await CliRun.RunAsync(cascade.RootIni, "add-seq", "app.nope");
        Assert.Equal(1, missingSeq.ExitCode);
        Assert.Contains("sequence(s) not available: app.nope", missingSeq.Error);
    }

    [Fact]
    public async Task Unknown_config_keys_are_warned_about_but_the_command_runs()
    {
        var cascade = await Cascade.CreateAsync(fixture, _files);
        var ini = _files.Node("typo_" + cascade.RootDb, cascade.RootLocation, extra: "paralel_copies = 4");
        var run = await CliRun.RunAsync(ini, "tables");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal([$"WARNING {ini}: [londiste3] paralel_copies is not a londiste setting and is ignored: check its spelling (londiste --ini lists them)"], run.LogLines);
    }
}
