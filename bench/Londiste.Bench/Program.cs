using System.Diagnostics;
using System.Globalization;
using System.Text;
using Londiste.Apply;
using Londiste.Bench;
using Londiste.Installation;
using Npgsql;
using TestSupport;

// Londiste.Bench: the apply engine on a backlog of seed-like events.
//   dotnet run -c Release --project bench/Londiste.Bench -- [--events 200000] [--batch 10000] [--users 100000] [--output FILE]
var events = Option("--events", 200_000);
var batchSize = Option("--batch", 10_000);
var users = Option("--users", 100_000);
var output = OptionText("--output", Path.Combine("bench", "results", $"apply-{DateTime.UtcNow:yyyy-MM-dd}.md"));
var cancellationToken = CancellationToken.None;

await using var cluster = await PostgresCluster.StartAsync(cancellationToken);
Console.WriteLine($"Londiste.Bench: cluster on 127.0.0.1:{cluster.Port}");
string[] targets = ["dst_grouped", "dst_table_order"];
await cluster.CreateDatabaseAsync("src", cancellationToken: cancellationToken);
await NodeSchemas.InstallAsync(cluster.ConnectionString("src"), cancellationToken);
foreach (var database in targets.Prepend("src"))
{
    if (database != "src")
    {
        await cluster.CreateDatabaseAsync(database, cancellationToken: cancellationToken);
    }

    await cluster.ExecuteAsync(database, SeedSchema.Create(users), cancellationToken);
}

var setup = new StringBuilder("select pgq.create_queue('replika'); select pgq.set_queue_config('replika', 'ticker_max_count', '1');");
foreach (var table in SeedSchema.Tables)
{
    setup.Append($"create trigger \"capture\" after insert or update or delete on \"digoal\".\"{table}\" for each row execute procedure pgq.logutriga('replika');");
}

foreach (var consumer in targets)
{
    setup.Append($"select pgq.register_consumer('replika', '{consumer}');");
}

await cluster.ExecuteAsync("src", setup.ToString(), cancellationToken);

// The backlog: one transaction of ~batchSize events per tick, so each batch is what a worker would get.
var produce = Stopwatch.StartNew();
var roundsPerBatch = (int)(batchSize / 2.1);
long produced;
await using (var source = new NpgsqlConnection(cluster.ConnectionString("src")))
{
    await source.OpenAsync(cancellationToken);
    var round = 0;
    while ((produced = await CountAsync(source)) < events)
    {
        var rounds = Math.Max(1, Math.Min(roundsPerBatch, (int)((events - produced) / 2.1) + 1));
        await using (var work = new NpgsqlCommand(SeedSchema.Workload(rounds, users, round++), source) { CommandTimeout = 0 })
        {
            await work.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var tick = new NpgsqlCommand("select pgq.ticker('replika')", source);
        await tick.ExecuteNonQueryAsync(cancellationToken);
    }
}

produce.Stop();
Console.WriteLine($"Londiste.Bench: backlog of {produced} events in {produce.Elapsed.TotalSeconds:F1} s");

var results = new List<(ApplyResult Result, bool Equal)>();
var modes = new (string Mode, string Target, BatchApplierOptions Options)[]
{
    ("grouped per table (default)", "dst_grouped", new BatchApplierOptions()),
    ("batch order across tables (GroupAcrossTables = false)", "dst_table_order", new BatchApplierOptions { GroupAcrossTables = false }),
};
foreach (var (mode, target, options) in modes)
{
    var result = await ApplyRun.RunAsync(mode, cluster.ConnectionString("src"), cluster.ConnectionString(target), target, options, cancellationToken);
    var equal = await SameContentAsync(cluster, target);
    results.Add((result, equal));
    Console.WriteLine(
        $"Londiste.Bench: {mode}: {result.Events} events in {result.Batches} batches, {result.Events / result.TotalSeconds:F0} ev/s end to end, "
        + $"{result.Events / result.ApplySeconds:F0} ev/s apply, peak RSS {result.PeakRssMegabytes:F0} MB, target equal: {equal}");
}

var serverVersion = "";
await using (var connection = new NpgsqlConnection(cluster.ConnectionString("src")))
{
    await connection.OpenAsync(cancellationToken);
    await using var command = new NpgsqlCommand("select pg_catalog.version()", connection);
    serverVersion = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, Report.Write(results, produced, produce.Elapsed.TotalSeconds, batchSize, users, serverVersion), cancellationToken);
Console.WriteLine($"Londiste.Bench: written {output}");
return results.All(r => r.Equal) ? 0 : 2;

static async Task<long> CountAsync(NpgsqlConnection source)
{
    await using var command = new NpgsqlCommand("select pgq.seq_getval(queue_event_seq) from pgq.queue where queue_name = 'replika'", source);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

// Every table's rows, as text in key order, hashed: the target must equal the source.
static async Task<bool> SameContentAsync(PostgresCluster cluster, string target)
{
    var sql = string.Join(" || ", SeedSchema.Tables.Select(t =>
        $"(select pg_catalog.md5(coalesce(pg_catalog.string_agg(x::text, '\n' order by x::text), '')) from \"digoal\".\"{t}\" x)"));
    async Task<string> HashAsync(string database)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select " + sql, connection) { CommandTimeout = 0 };
        return (string)(await command.ExecuteScalarAsync())!;
    }

    return await HashAsync("src") == await HashAsync(target);
}

int Option(string name, int fallback) => int.Parse(OptionText(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

string OptionText(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
