using Londiste.Apply;
using Npgsql;
using NpgsqlTypes;
using PgQ.Events;
using Xunit.Abstractions;

namespace Londiste.Tests.Apply;

/// <summary>
/// A source database whose table is captured by one of our triggers into queue <c>q</c>, and a target database with
/// the same table, kept equal by decoding the queue's batches and applying them with <see cref="BatchApplier"/>.
/// </summary>
internal sealed class ReplicaPair : IAsyncDisposable
{
    private ReplicaPair(NpgsqlConnection source, NpgsqlConnection target, string format)
    {
        Source = source;
        Target = target;
        Format = format;
    }

    public NpgsqlConnection Source { get; }

    public NpgsqlConnection Target { get; }

    public string Format { get; }

    public BatchApplier Applier { get; } = new();

    /// <summary>Events applied so far.</summary>
    public long EventsApplied { get; private set; }

    /// <summary>
    /// Two databases from the fixture's template; null (with a note in the output) when the trigger function is not
    /// in our pgq schema yet.
    /// </summary>
    public static async Task<ReplicaPair?> CreateAsync(NodeFixture fixture, string format, ITestOutputHelper output)
    {
        var source = await fixture.OpenAsync(await fixture.CreateDatabaseAsync("src"));
        var exists = await source.ScalarAsync<bool>(
            "select exists (select from pg_catalog.pg_proc where proname = $1 and pronamespace = 'pgq'::pg_catalog.regnamespace)", format);
        if (!exists)
        {
            output.WriteLine($"SKIPPED: pgq.{format} does not exist in our pgq schema (src/PgQ/Sql/pgq) yet; this format is not tested.");
            await source.DisposeAsync();
            return null;
        }

        var target = await fixture.OpenAsync(await fixture.CreateDatabaseAsync("dst"));
        await QueueReader.CreateAsync(source);
        return new ReplicaPair(source, target, format);
    }

    /// <summary>
    /// As <see cref="CreateAsync"/>, but the source runs the original PgQ (<c>create extension pgq</c>, Debian package
    /// postgresql-15-pgq3) and its C triggers; null (with a note) when the extension is not installed.
    /// </summary>
    public static async Task<ReplicaPair?> CreateWithOriginalAsync(NodeFixture fixture, string format, ITestOutputHelper output)
    {
        var name = "orig_" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Cluster.CreateDatabaseAsync(name);
        var source = await fixture.OpenAsync(name);
        if (await source.ScalarAsync<long>("select count(*) from pg_catalog.pg_available_extensions where name = 'pgq'") == 0)
        {
            const string message = "The original PgQ extension is not installed (Debian package postgresql-15-pgq3).";
            Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")), message + " CI must install it.");
            output.WriteLine("SKIPPED: " + message);
            await source.DisposeAsync();
            return null;
        }

        await source.ExecAsync("create extension pgq");
        var target = await fixture.OpenAsync(await fixture.CreateDatabaseAsync("dst"));
        await QueueReader.CreateAsync(source);
        return new ReplicaPair(source, target, format);
    }

    /// <summary>
    /// Runs the DDL in both databases and puts the capture triggers on the source table; with
    /// <paramref name="madeFunction"/> the row trigger calls the per-table function our pgq makes for the format
    /// (pgq.capture_trigger_function, pgq.capture_jsontriga_function, pgq.capture_sqltriga_function).
    /// </summary>
    public async Task CreateTableAsync(string ddl, string table, bool madeFunction = false)
    {
        await Source.ExecAsync(ddl);
        await Target.ExecAsync(ddl);
        var function = $"pgq.{Format}";
        if (madeFunction)
        {
            var generator = Format == "logutriga" ? "pgq.capture_trigger_function" : $"pgq.capture_{Format}_function";
            function = await Source.ScalarAsync<string>($"select {generator}($1::regclass, $2)", table, new[] { QueueReader.Queue });
            Assert.NotEqual($"pgq.{Format}", function);
        }
        await Source.ExecAsync($"create trigger \"capture\" after insert or update or delete on {table} for each row execute procedure {function}('{QueueReader.Queue}')");
        await Source.ExecAsync($"create trigger \"capture_truncate\" after truncate on {table} for each statement execute procedure pgq.{Format}('{QueueReader.Queue}')");
    }

    /// <summary>Ticks, decodes the batch and applies it in one target transaction, as the worker does.</summary>
    public async Task<IReadOnlyList<RowChange>> SyncAsync()
    {
        var changes = await QueueReader.NextBatchAsync(Source);
        var expected = Format switch { "logutriga" => RowChangeFormat.UrlEncoded, "jsontriga" => RowChangeFormat.Json, _ => RowChangeFormat.Sql };
        Assert.All(changes.Where(c => c.Operation != RowOperation.Truncate), c => Assert.Equal(expected, c.Format));
        await using (var transaction = await Target.BeginTransactionAsync())
        {
            await Applier.ApplyAsync(changes, Target, CancellationToken.None);
            await transaction.CommitAsync();
        }

        EventsApplied += changes.Count;
        Assert.Equal(EventsApplied, Applier.Statistics.Total);
        // Every update and delete captured on the source found its row on the target (key changes included).
        Assert.Equal(0, Applier.Statistics.UpdatesWithoutRow);
        Assert.Equal(0, Applier.Statistics.DeletesWithoutRow);
        return changes;
    }

    /// <summary>Both tables hold exactly the same rows (compared on each row's text form).</summary>
    public async Task AssertEqualAsync(string table)
    {
        var sql = $"select pg_catalog.md5(t::text) || ' ' || pg_catalog.left(t::text, 200) from {table} t order by 1";
        var source = await Source.StringsAsync(sql);
        var target = await Target.StringsAsync(sql);
        Assert.Equal(source, target);
    }

    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
    }
}
