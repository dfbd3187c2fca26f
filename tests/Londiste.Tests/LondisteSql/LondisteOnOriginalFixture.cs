using Londiste.Installation;
using PgQ.Installation;
using TestSupport;

namespace Londiste.Tests.LondisteSql;

/// <summary>
/// One cluster with two templates: ours (our londiste schema on top of the original pgq and
/// pgq_node extensions, until our pgq_node lands) and the original (<c>create extension
/// londiste</c>), so a test can run the same calls on both and compare.
/// </summary>
public sealed class LondisteOnOriginalFixture : ClusterFixture
{
    private const string OriginalTemplate = "londiste_original_template";
    private int _counter;

    /// <summary>
    /// The one line to change when our pgq_node is merged: false installs our whole stack
    /// (NodeSchemas: pgq, pgq_node, londiste) instead of the original pgq and pgq_node extensions
    /// with our londiste on top.
    /// </summary>
    private const bool OnOriginalPgqNode = false;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PrepareTemplateAsync("londiste_ours_template", cs => InstallOursAsync("londiste_ours_template", cs));
        await Cluster.CreateDatabaseAsync(OriginalTemplate);
        await Cluster.ExecuteAsync(OriginalTemplate, "create extension londiste cascade");
    }

    /// <summary>
    /// Installs our londiste into <paramref name="database"/> through <paramref name="connectionString"/>
    /// (which may be a non-superuser owner's); the original extensions it needs are created as superuser.
    /// </summary>
    public async Task InstallOursAsync(string database, string connectionString)
    {
#pragma warning disable CS0162 // one branch is unreachable until the switch above is flipped
        if (OnOriginalPgqNode)
        {
            await Cluster.ExecuteAsync(database, "create extension if not exists pgq; create extension if not exists pgq_node");
            await new SchemaInstaller().InstallAsync(connectionString, InstallPlan.Load(typeof(NodeSchemas).Assembly, "londiste"), int.MaxValue, CancellationToken.None);
        }
        else
        {
            await NodeSchemas.InstallAsync(connectionString, CancellationToken.None);
        }
#pragma warning restore CS0162
    }

    /// <summary>
    /// What a non-superuser owner needs before installing: nothing on our stack; on the original
    /// pgq_node (owned by the superuser) the extensions, pgq_admin, and REFERENCES on
    /// pgq_node.node_info for table_info's foreign key.
    /// </summary>
    public async Task PrepareForOwnerAsync(string database, string role)
    {
#pragma warning disable CS0162
        if (OnOriginalPgqNode)
        {
            await Cluster.ExecuteAsync(database, $"""
                create extension if not exists pgq; create extension if not exists pgq_node;
                grant pgq_admin to {role}; grant references on pgq_node.node_info to {role}
                """);
        }
#pragma warning restore CS0162
    }

    /// <summary>Installs ours into an empty database by running the review script (`londiste --sql`) instead of the installer.</summary>
    public async Task InstallOursByScriptAsync(string database)
    {
#pragma warning disable CS0162
        if (OnOriginalPgqNode)
        {
            await Cluster.ExecuteAsync(database, "create extension if not exists pgq; create extension if not exists pgq_node");
            await Cluster.ExecuteAsync(database, InstallPlan.Load(typeof(NodeSchemas).Assembly, "londiste").Script());
        }
        else
        {
            await Cluster.ExecuteAsync(database, NodeSchemas.Script());
        }
#pragma warning restore CS0162
    }

    /// <summary>A fresh database with our londiste schema.</summary>
    public Task<string> CreateOursAsync() => CreateDatabaseAsync("ours");

    /// <summary>A fresh database with the original londiste extension.</summary>
    public async Task<string> CreateOriginalAsync()
    {
        var name = $"orig_{Interlocked.Increment(ref _counter)}";
        await Cluster.CreateDatabaseAsync(name, OriginalTemplate);
        return name;
    }

    /// <summary>Our database and the original's, both open.</summary>
    public async Task<TwinDatabases> CreateTwinsAsync()
    {
        var ours = await CreateOursAsync();
        var original = await CreateOriginalAsync();
        return new TwinDatabases(await OpenAsync(ours), await OpenAsync(original));
    }
}
