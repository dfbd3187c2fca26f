using Npgsql;
using TestSupport;

namespace PgQ.Tests.Pgqd;

/// <summary>
/// Two clusters, each with a template that has our pgq, so pgqd can be shown serving databases on
/// different servers. The original pgq comes from `create extension pgq` (Debian's postgresql-15-pgq3).
/// </summary>
public class TwoClusters : IAsyncLifetime
{
    public PgQFixture A { get; } = new();
    public PgQFixture B { get; } = new();

    public async Task InitializeAsync()
    {
        await Task.WhenAll(A.InitializeAsync(), B.InitializeAsync());
    }

    /// <summary>A new database with the given pgq and one queue named "q".</summary>
    public static async Task<string> CreateQueueDatabaseAsync(PgQFixture cluster, string prefix, PgqFlavor flavor)
    {
        string name;
        if (flavor == PgqFlavor.Ours)
        {
            name = await cluster.CreateDatabaseAsync(prefix);
        }
        else
        {
            name = $"{prefix}_orig_{Guid.NewGuid():N}"[..24];
            await cluster.Cluster.CreateDatabaseAsync(name);
            await cluster.Cluster.ExecuteAsync(name, "create extension pgq");
        }
        await cluster.Cluster.ExecuteAsync(name, "select pgq.create_queue('q')");
        return name;
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(A.DisposeAsync(), B.DisposeAsync());
    }
}

/// <summary>A second instance type, so a fault test gets clusters of its own (xunit shares a fixture type per class only).</summary>
public sealed class TwoClustersForFaults : TwoClusters
{
}

internal static class QueueProbe
{
    public static async Task<long> TickCountAsync(PgQFixture cluster, string database, string queue = "q")
    {
        await using var db = await cluster.OpenAsync(database);
        await using var command = new NpgsqlCommand(
            "select count(*) from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue where q.queue_name = $1", db);
        command.Parameters.AddWithValue(queue);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task InsertEventAsync(PgQFixture cluster, string database, string data, string queue = "q")
    {
        await using var db = await cluster.OpenAsync(database);
        await using var command = new NpgsqlCommand("select pgq.insert_event($1, 'test', $2)", db);
        command.Parameters.AddWithValue(queue);
        command.Parameters.AddWithValue(data);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Inserts an event, then waits until a tick newer than the ones before it exists (pgqd's doing).</summary>
    public static async Task WaitForTickAfterEventAsync(PgQFixture cluster, string database, TimeSpan timeout)
    {
        var before = await TickCountAsync(cluster, database);
        await InsertEventAsync(cluster, database, "payload");
        await Eventually.TrueAsync(async () => await TickCountAsync(cluster, database) > before, timeout, $"a new tick in {database}");
    }
}
