using Npgsql;
using Xunit;

namespace TestSupport;

/// <summary>
/// One cluster shared by the tests of a class (xunit IClassFixture). Each test asks for its own
/// database with <see cref="CreateDatabaseAsync"/>; a template prepared once by <see cref="PrepareTemplateAsync"/>
/// makes that a cheap file copy.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private int _counter;
    private PostgresCluster? _cluster;

    public PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("cluster not started");

    /// <summary>Name of a template database, or null to create empty databases.</summary>
    protected string? Template { get; private set; }

    public virtual async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
    }

    /// <summary>Creates database <paramref name="templateName"/>, lets <paramref name="prepare"/> fill it, and clones it for every later database.</summary>
    protected async Task PrepareTemplateAsync(string templateName, Func<string, Task> prepare)
    {
        await Cluster.CreateDatabaseAsync(templateName);
        await prepare(Cluster.ConnectionString(templateName));
        Template = templateName;
    }

    /// <summary>A fresh database for one test; its name starts with <paramref name="prefix"/>.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _counter)}";
        await Cluster.CreateDatabaseAsync(name, Template);
        return name;
    }

    public string ConnectionString(string database) => Cluster.ConnectionString(database);

    public async Task<NpgsqlConnection> OpenAsync(string database) => await Cluster.OpenAsync(database);

    public virtual async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
