using System.Runtime.InteropServices;
using Npgsql;
using PgQ.Bench;
using PgQ.Installation;
using TestSupport;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"PgQ.Bench: {e.Message}");
    return 1;
}

using var interrupt = new CancellationTokenSource();
// Ctrl-C and SIGTERM cancel the run; the cluster is then stopped with pg_ctl by its DisposeAsync.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    interrupt.Cancel();
});
var cancellationToken = interrupt.Token;

try
{
    await using var cluster = await PostgresCluster.StartAsync(cancellationToken);
    Console.WriteLine($"PgQ.Bench: cluster on 127.0.0.1:{cluster.Port} ({cluster.Folder})");
    var notes = new List<string>();

    await cluster.CreateDatabaseAsync("ours", cancellationToken: cancellationToken);
    await SchemaInstaller.InstallPgQAsync(cluster.ConnectionString("ours"), cancellationToken);
    var implementations = new List<(string Name, string Database)> { ("ours", "ours") };
    var ourVersion = await ScalarAsync(cluster.ConnectionString("ours"), "select 'pgq ' || pgq.version() || ' (SQL/PL/pgSQL)'", cancellationToken);

    string? originalVersion = null;
    if (options.SkipOriginal)
    {
        notes.Add("the original PgQ was skipped (--skip-original).");
    }
    else if (await ScalarAsync(cluster.ConnectionString(), "select count(*)::text from pg_available_extensions where name = 'pgq'", cancellationToken) == "0")
    {
        var note = "the original PgQ is not installed (no `pgq` extension; Debian package postgresql-15-pgq3): only ours was measured.";
        Console.WriteLine($"PgQ.Bench: NOTE {note}");
        notes.Add(note);
    }
    else
    {
        await cluster.CreateDatabaseAsync("original", cancellationToken: cancellationToken);
        await cluster.ExecuteAsync("original", "create extension pgq", cancellationToken);
        originalVersion = await ScalarAsync(cluster.ConnectionString("original"), "select 'pgq ' || pgq.version() || ' (extension, C + PL/pgSQL)'", cancellationToken);
        implementations.Add(("original", "original"));
    }

    var postgresVersion = await ScalarAsync(cluster.ConnectionString(), "select version()", cancellationToken);
    if (options.Profile)
    {
        notes.Add("profiled run (track_functions = all): figures include the tracking overhead.");
        foreach (var (_, database) in implementations)
        {
            await FunctionProfile.EnableAsync(cluster.ConnectionString(), database, cancellationToken);
        }
    }

    if (options.WarmupSeconds > 0)
    {
        Console.WriteLine($"PgQ.Bench: warming up ({options.WarmupSeconds} s per implementation, not reported)");
        foreach (var (name, database) in implementations)
        {
            await new ThroughputRun(cluster.ConnectionString(database), name, 1, options)
                .RunAsync(TimeSpan.FromSeconds(options.WarmupSeconds), cancellationToken);
        }
    }

    var results = new List<RunResult>();
    foreach (var producers in options.Producers)
    {
        // Implementations alternate at each producer count so that both meet the same machine load.
        foreach (var (name, database) in implementations)
        {
            var connectionString = cluster.ConnectionString(database);
            await cluster.ExecuteAsync(database, "checkpoint", cancellationToken);
            if (options.Profile)
            {
                await FunctionProfile.ResetAsync(connectionString, cancellationToken);
            }
            if (!PeakMemory.TryReset() && results.Count == 0)
            {
                notes.Add("VmHWM could not be reset between runs: peak RSS is the peak so far.");
            }
            var result = await new ThroughputRun(connectionString, name, producers, options)
                .RunAsync(TimeSpan.FromSeconds(options.Seconds), cancellationToken);
            results.Add(result);
            Console.WriteLine(
                $"PgQ.Bench: {name,-8} {producers,2} producers: {result.Events,9:#,0} events, produced {result.ProducedPerSecond,8:#,0} ev/s, " +
                $"consumed {result.ConsumedPerSecond,8:#,0} ev/s, drain {result.DrainSeconds:0.00} s, exactly once: ok");
            if (options.Profile)
            {
                Console.Write(await FunctionProfile.TopFunctionsAsync(connectionString, cancellationToken));
            }
        }
    }

    var environment = new BenchEnvironment(
        DateTime.UtcNow, Environment.ProcessorCount, BenchEnvironment.ReadCpuModel(), BenchEnvironment.ReadMemoryGigabytes(),
        RuntimeInformation.OSDescription, postgresVersion, ourVersion, originalVersion);
    var report = ResultsReport.Render(environment, options, results, notes);
    var folder = Path.GetDirectoryName(Path.GetFullPath(options.Output));
    if (folder is not null)
    {
        Directory.CreateDirectory(folder);
    }
    await File.WriteAllTextAsync(options.Output, report, CancellationToken.None);
    Console.WriteLine();
    Console.Write(report);
    Console.WriteLine();
    Console.WriteLine($"PgQ.Bench: written to {Path.GetFullPath(options.Output)}");
    return 0;
}
catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("PgQ.Bench: interrupted; the cluster was stopped and removed, nothing was written.");
    return 130;
}
catch (BenchmarkFailedException e)
{
    await Console.Error.WriteLineAsync($"PgQ.Bench: FAILED: {e.Message}");
    return 2;
}

static async Task<string> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
{
    await using var db = new NpgsqlConnection(connectionString);
    await db.OpenAsync(cancellationToken);
    await using var command = new NpgsqlCommand(sql, db);
    return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
}
