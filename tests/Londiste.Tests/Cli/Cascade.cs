namespace Londiste.Tests.Cli;

/// <summary>A root and a leaf in two databases of the fixture's cluster, created through the command line.</summary>
public sealed class Cascade
{
    private Cascade(OriginalSqlFixture fixture, ConfigFiles files, string rootDb, string leafDb)
    {
        Fixture = fixture;
        RootDb = rootDb;
        LeafDb = leafDb;
        RootLocation = fixture.Cluster.LibpqConnectionString(rootDb);
        LeafLocation = fixture.Cluster.LibpqConnectionString(leafDb);
        RootIni = files.Node("src_" + rootDb, RootLocation);
        LeafIni = files.Node("dst_" + leafDb, LeafLocation);
    }

    public OriginalSqlFixture Fixture { get; }
    public string RootDb { get; }
    public string LeafDb { get; }
    public string RootLocation { get; }
    public string LeafLocation { get; }
    public string RootIni { get; }
    public string LeafIni { get; }
    public string LeafWorker => "dst_" + LeafDb;

    /// <summary>Two databases with the same tables and a sequence; nodes not created yet.</summary>
    public static async Task<Cascade> PrepareAsync(OriginalSqlFixture fixture, ConfigFiles files)
    {
        var cascade = new Cascade(fixture, files, await fixture.CreateDatabaseAsync("root"), await fixture.CreateDatabaseAsync("leaf"));
        foreach (var db in new[] { cascade.RootDb, cascade.LeafDb })
        {
            await fixture.ExecuteAsync(db, """
                create schema app;
                create table app.user_info (userid int primary key, engname text, birthday date);
                create table app.user_session (userid int primary key, logintime timestamptz, login_count bigint default 0);
                create table public.plain (id int primary key);
                create sequence app.user_seq;
                """);
        }
        return cascade;
    }

    /// <summary>create-root on the first database, create-leaf (provider: root) on the second.</summary>
    public static async Task<Cascade> CreateAsync(OriginalSqlFixture fixture, ConfigFiles files)
    {
        var cascade = await PrepareAsync(fixture, files);
        var root = await CliRun.RunAsync(cascade.RootIni, "create-root", "src", cascade.RootLocation);
        Assert.True(root.ExitCode == 0, root.ToString());
        var leaf = await CliRun.RunAsync(cascade.LeafIni, "create-leaf", "dst1", cascade.LeafLocation, "--provider=" + cascade.RootLocation);
        Assert.True(leaf.ExitCode == 0, leaf.ToString());
        return cascade;
    }
}
