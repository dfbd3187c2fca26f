using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TestSupport;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temp folder, a free port on 127.0.0.1 and a
/// private socket folder. Always stopped with pg_ctl and deleted on dispose; clusters left behind
/// by a killed test run are reaped by the next run (see <see cref="ReapAbandoned"/>).
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>Every cluster lives under this folder, one subfolder per cluster, tagged with the owning pid.</summary>
    public static readonly string Root = Path.Combine(Path.GetTempPath(), "londiste-net-clusters");

    private const string OwnerFile = "owner.pid";
    private bool _stopped = true;

    private PostgresCluster(string folder, int port)
    {
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }
    public string DataDirectory => Path.Combine(Folder, "data");
    public string SocketDirectory => Path.Combine(Folder, "sock");
    public string LogFile => Path.Combine(Folder, "server.log");
    public int Port { get; private set; }
    public const string Superuser = "postgres";

    /// <summary>Connection string for a database of this cluster, as the superuser unless told otherwise.</summary>
    public string ConnectionString(string database = "postgres", string user = Superuser) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Database = database,
            Username = user,
            Pooling = false,
            Timeout = 30,
            CommandTimeout = 300,
            IncludeErrorDetail = true,
        }.ConnectionString;

    /// <summary>libpq-style connection string (key=value), as the original tools and psql take.</summary>
    public string LibpqConnectionString(string database = "postgres", string user = Superuser) =>
        $"host=127.0.0.1 port={Port} dbname={database} user={user}";

    public static async Task<PostgresCluster> StartAsync(CancellationToken cancellationToken = default)
    {
        ReapAbandoned();
        Directory.CreateDirectory(Root);
        var folder = Path.Combine(Root, $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString(), cancellationToken);
        var cluster = new PostgresCluster(folder, FreePort());
        try
        {
            await cluster.InitAsync(cancellationToken);
            await cluster.StartServerAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task InitAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(SocketDirectory);
        if (PostgresBinaries.RunningAsRoot)
        {
            await ProcessRunner.RunCheckedAsync("chown", ["-R", "postgres:postgres", Folder], false, cancellationToken);
            // The postgres user must be able to reach the folder through its parents.
            await ProcessRunner.RunCheckedAsync("chmod", ["755", Root], false, cancellationToken);
        }
        await ProcessRunner.RunCheckedAsync(
            PostgresBinaries.Path("initdb"),
            ["-D", DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
            asPostgresUser: true, cancellationToken);
        var settings = string.Join('\n',
            "listen_addresses = '127.0.0.1'",
            $"port = {Port}",
            $"unix_socket_directories = '{SocketDirectory}'",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "max_connections = 200",
            "shared_buffers = 64MB",
            "max_prepared_transactions = 10",
            "log_min_messages = warning",
            "log_line_prefix = '%m [%p] %d '",
            "") + "\n";
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), settings, cancellationToken);
    }

    /// <summary>Starts (or restarts after <see cref="StopAsync"/>) the server and waits until it accepts connections.</summary>
    public async Task StartServerAsync(CancellationToken cancellationToken = default)
    {
        await ProcessRunner.RunCheckedAsync(
            PostgresBinaries.Path("pg_ctl"),
            ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start"],
            asPostgresUser: true, cancellationToken);
        _stopped = false;
    }

    /// <summary>pg_ctl stop with the given mode (fast, immediate, smart), as a fault test would.</summary>
    public async Task StopAsync(string mode = "fast", CancellationToken cancellationToken = default)
    {
        if (_stopped)
        {
            return;
        }
        await ProcessRunner.RunCheckedAsync(
            PostgresBinaries.Path("pg_ctl"),
            ["-D", DataDirectory, "-m", mode, "-w", "-t", "60", "stop"],
            asPostgresUser: true, cancellationToken);
        _stopped = true;
    }

    public async Task<NpgsqlConnection> OpenAsync(string database = "postgres", CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async Task ExecuteAsync(string database, string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(database, cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Creates a database, optionally as a clone of a template that already has the schema.</summary>
    public async Task CreateDatabaseAsync(string name, string? template = null, CancellationToken cancellationToken = default)
    {
        var sql = $"create database {QuoteIdent(name)}" + (template is null ? "" : $" template {QuoteIdent(template)}");
        await ExecuteAsync("postgres", sql, cancellationToken);
    }

    public static string QuoteIdent(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync("immediate");
        }
        catch (InvalidOperationException)
        {
            // The folder is removed below; a server that refused to stop is reaped by the next run.
        }
        TryDelete(Folder);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Stops and deletes clusters whose owning test process is gone (a killed run), so that no
    /// leftover server or folder trips the next run. Only folders under <see cref="Root"/> are touched.
    /// </summary>
    public static void ReapAbandoned()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }
        foreach (var folder in Directory.GetDirectories(Root))
        {
            var ownerFile = Path.Combine(folder, OwnerFile);
            if (File.Exists(ownerFile) && int.TryParse(File.ReadAllText(ownerFile).Trim(), out var owner) && IsAlive(owner))
            {
                continue;
            }
            // The folder name starts with the owner's pid too: a cluster being created right now
            // (folder made, owner.pid not yet written) must not be reaped by a concurrent start.
            var namePrefix = Path.GetFileName(folder).Split('-')[0];
            if (int.TryParse(namePrefix, out var namedOwner) && IsAlive(namedOwner))
            {
                continue;
            }
            var data = Path.Combine(folder, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                try
                {
                    ProcessRunner.RunAsync(PostgresBinaries.Path("pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"],
                        asPostgresUser: true, CancellationToken.None).GetAwaiter().GetResult();
                }
                catch (InvalidOperationException)
                {
                    // Binaries missing: nothing can be running from them.
                }
            }
            TryDelete(folder);
        }
    }

    private static bool IsAlive(int pid) => pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}");

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
