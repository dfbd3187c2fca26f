using Npgsql;
using TestSupport;

namespace Londiste.Tests.Worker;

/// <summary>
/// Builds a test cascade with the same SQL calls the original <c>londiste create-root / create-branch /
/// create-leaf / add-table</c> make (pgq/cascade/admin.py, londiste/admin.py).
/// </summary>
public sealed class Cascade
{
    public const string Queue = "replika";
    private readonly ClusterFixture _fixture;

    public Cascade(ClusterFixture fixture) => _fixture = fixture;

    public TestNode? Root { get; private set; }

    public async Task<TestNode> NewNodeAsync(string name)
    {
        var database = await _fixture.CreateDatabaseAsync(name);
        return new TestNode(name, database, _fixture.ConnectionString(database),
            _fixture.Cluster.LibpqConnectionString(database), "w_" + name);
    }

    /// <summary>A node in a cluster of its own (a fault test stops it), with the original extensions installed.</summary>
    public static async Task<TestNode> NewNodeOnAsync(PostgresCluster cluster, string name)
    {
        await cluster.CreateDatabaseAsync(name);
        await cluster.ExecuteAsync(name, "create extension pgq; create extension pgq_node; create extension londiste;");
        return new TestNode(name, name, cluster.ConnectionString(name), cluster.LibpqConnectionString(name), "w_" + name);
    }

    /// <summary>
    /// A root and a leaf with the workload's tables, <paramref name="preload"/> rows on the root, every table added on
    /// both (the leaf's copies start when its worker runs).
    /// </summary>
    public async Task<(TestNode Root, TestNode Leaf)> RootAndLeafWithWorkloadAsync(int preload)
    {
        var root = await NewNodeAsync("root");
        var leaf = await NewNodeAsync("leaf");
        await root.ExecuteAsync(Workload.Schema);
        await leaf.ExecuteAsync(Workload.Schema);
        await Workload.PreloadAsync(root, preload);
        await CreateRootAsync(root);
        foreach (var table in Workload.Tables)
        {
            await AddTableAsync(root, table);
        }
        await CreateSubscriberAsync(leaf, "leaf", root);
        foreach (var table in Workload.Tables)
        {
            await AddTableAsync(leaf, table);
        }
        return (root, leaf);
    }

    public async Task CreateRootAsync(TestNode root)
    {
        await root.CallAsync("pgq_node.register_location", Queue, root.Name, root.Location, false);
        await root.CallAsync("pgq_node.create_node", Queue, "root", root.Name, root.WorkerName, null, null, null);
        Root = root;
    }

    /// <summary>create-branch / create-leaf under <paramref name="provider"/>.</summary>
    public async Task CreateSubscriberAsync(TestNode node, string type, TestNode provider)
    {
        var root = Root ?? throw new InvalidOperationException("create the root first");
        await root.CallAsync("pgq_node.register_location", Queue, node.Name, node.Location, false);
        if (provider != root)
        {
            await provider.CallAsync("pgq_node.register_location", Queue, node.Name, node.Location, false);
        }
        long globalWatermark;
        await using (var connection = await provider.OpenAsync())
        await using (var command = new NpgsqlCommand("select global_watermark from pgq_node.register_subscriber($1, $2, $3, null)", connection))
        {
            command.Parameters.AddWithValue(Queue);
            command.Parameters.AddWithValue(node.Name);
            command.Parameters.AddWithValue(node.WorkerName);
            globalWatermark = (long)(await command.ExecuteScalarAsync())!;
        }
        await node.CallAsync("pgq_node.register_location", Queue, node.Name, node.Location, false);
        var locations = new List<(string Name, string Location, bool Dead)>();
        var tables = new List<string>();
        await using (var connection = await provider.OpenAsync())
        {
            await using (var command = new NpgsqlCommand("select node_name, node_location, dead from pgq_node.get_queue_locations($1)", connection))
            {
                command.Parameters.AddWithValue(Queue);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    locations.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
                }
            }
            await using (var command = new NpgsqlCommand("select table_name from londiste.get_table_list($1)", connection))
            {
                command.Parameters.AddWithValue(Queue);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }
        }
        foreach (var (name, location, dead) in locations.Where(l => l.Name != node.Name))
        {
            await node.CallAsync("pgq_node.register_location", Queue, name, location, dead);
        }
        await node.CallAsync("pgq_node.create_node", Queue, type, node.Name, node.WorkerName, provider.Name, globalWatermark, null);
        foreach (var table in tables)
        {
            await node.CallAsync("londiste.global_add_table", Queue, table);
        }
    }

    /// <summary><c>londiste add-table</c> on a node (root: starts capturing; subscriber: state NULL, the worker copies).</summary>
    public static async Task AddTableAsync(TestNode node, string table)
    {
        await using var connection = await node.OpenAsync();
        await using var command = new NpgsqlCommand("select ret_code, ret_note from londiste.local_add_table($1, $2, $3, $4, $5)", connection);
        command.Parameters.AddWithValue(Queue);
        command.Parameters.AddWithValue(table);
        command.Parameters.Add(new NpgsqlParameter { Value = Array.Empty<string>(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        if (reader.GetInt32(0) >= 400)
        {
            throw new InvalidOperationException($"add-table {table}: {reader.GetInt32(0)} {reader.GetString(1)}");
        }
    }

    /// <summary>Table name → merge_state of the node's local tables.</summary>
    public static async Task<Dictionary<string, string?>> TableStatesAsync(TestNode node)
    {
        var states = new Dictionary<string, string?>();
        await using var connection = await node.OpenAsync();
        await using var command = new NpgsqlCommand("select table_name, merge_state from londiste.get_table_list($1) where local", connection);
        command.Parameters.AddWithValue(Queue);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            states[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }
        return states;
    }
}
