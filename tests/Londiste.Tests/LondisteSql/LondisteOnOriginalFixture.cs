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

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PrepareTemplateAsync("londiste_ours_template", InstallOursAsync);
        await Cluster.CreateDatabaseAsync(OriginalTemplate);
        await Cluster.ExecuteAsync(OriginalTemplate, "create extension londiste cascade");
    }

    /// <summary>
    /// What "ours" is. The one line to change when our pgq_node is merged:
    /// <c>await NodeSchemas.InstallAsync(connectionString, CancellationToken.None);</c>
    /// </summary>
    private async Task InstallOursAsync(string connectionString)
    {
        await Cluster.ExecuteAsync(new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!, "create extension pgq; create extension pgq_node");
        await new SchemaInstaller().InstallAsync(connectionString, InstallPlan.Load(typeof(NodeSchemas).Assembly, "londiste"), int.MaxValue, CancellationToken.None);
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
