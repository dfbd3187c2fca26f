using Londiste.Installation;
using Npgsql;
using TestSupport;

namespace Londiste.Tests.PgqNode;

/// <summary>
/// One cluster with two templates: ours (pgq + pgq_node installed by <see cref="OwnerRole"/>, a plain
/// database owner without superuser or CREATEROLE, as on managed PostgreSQL) and the original
/// (`create extension pgq; create extension pgq_node`, Debian's postgresql-15-pgq3 / -pgq-node).
/// A test builds the same cascade on both and compares every result.
/// </summary>
public sealed class PgqNodeTwinFixture : ClusterFixture
{
    public const string OwnerRole = "node_owner";
    private const string OursTemplate = "pgq_node_ours_template";
    private const string OriginalTemplate = "pgq_node_original_template";
    private int _counter;

    /// <summary>True when the original extensions are installed on this machine.</summary>
    public bool OriginalAvailable { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Cluster.ExecuteAsync("postgres", $"""
            do $$ begin
                if not exists (select 1 from pg_roles where rolname = '{OwnerRole}') then
                    create role {OwnerRole} login nosuperuser nocreaterole nocreatedb;
                end if;
            end $$
            """);
        await Cluster.ExecuteAsync("postgres", $"create database {OursTemplate} owner {OwnerRole}");
        await NodeSchemas.InstallAsync(Cluster.ConnectionString(OursTemplate, OwnerRole), CancellationToken.None);

        await using var db = await Cluster.OpenAsync();
        await using var probe = new NpgsqlCommand("select count(*) from pg_available_extensions where name in ('pgq', 'pgq_node')", db);
        OriginalAvailable = (long)(await probe.ExecuteScalarAsync())! == 2;
        if (OriginalAvailable)
        {
            await Cluster.CreateDatabaseAsync(OriginalTemplate);
            await Cluster.ExecuteAsync(OriginalTemplate, "create extension pgq; create extension pgq_node");
        }
        else if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
        {
            throw new InvalidOperationException(
                "The original pgq_node extension is not installed (Debian packages postgresql-15-pgq3 and " +
                "postgresql-15-pgq-node); CI must install it so pgq_node can be compared with the original.");
        }
    }

    /// <summary>
    /// Our cascade (databases named after <paramref name="nodes"/>, connected as <see cref="OwnerRole"/>) and,
    /// when available, the original's. Without the original (outside CI) only our side runs.
    /// </summary>
    public async Task<TwinCascade> CreateCascadeAsync(params string[] nodes)
    {
        var id = Interlocked.Increment(ref _counter);
        var ours = new Dictionary<string, NpgsqlConnection>();
        var original = new Dictionary<string, NpgsqlConnection>();
        foreach (var node in nodes)
        {
            var name = $"ours_{id}_{node}";
            await Cluster.ExecuteAsync("postgres", $"create database {PostgresCluster.QuoteIdent(name)} template {OursTemplate} owner {OwnerRole}");
            var connection = new NpgsqlConnection(Cluster.ConnectionString(name, OwnerRole));
            await connection.OpenAsync();
            ours[node] = connection;
            if (OriginalAvailable)
            {
                var originalName = $"orig_{id}_{node}";
                await Cluster.CreateDatabaseAsync(originalName, OriginalTemplate);
                original[node] = await Cluster.OpenAsync(originalName);
            }
        }
        return new TwinCascade(ours, OriginalAvailable ? original : null);
    }
}
