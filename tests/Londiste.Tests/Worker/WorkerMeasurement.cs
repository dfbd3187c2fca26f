using System.Diagnostics;
using Xunit.Abstractions;

namespace Londiste.Tests.Worker;

/// <summary>
/// Figures, not asserts: how fast a leaf applies a backlog and copies a table. Runs only when
/// <c>LONDISTE_MEASURE=1</c> (it takes a while and its numbers depend on the machine).
/// </summary>
public sealed class WorkerMeasurement(OriginalNodeFixture fixture, ITestOutputHelper output) : IClassFixture<OriginalNodeFixture>
{
    [Fact]
    public async Task Measures_copy_and_backlog_apply_rates_when_asked_to()
    {
        if (Environment.GetEnvironmentVariable("LONDISTE_MEASURE") != "1")
        {
            return;
        }
        const int rows = 300_000;
        const int backlogTransactions = 2000;
        var cascade = new Cascade(fixture);
        var root = await cascade.NewNodeAsync("root");
        var leaf = await cascade.NewNodeAsync("leaf");
        await root.ExecuteAsync(Workload.Schema);
        await leaf.ExecuteAsync(Workload.Schema);
        await root.ExecuteAsync($"insert into public.history (account, delta) select g, g from generate_series(1, {rows}) g");
        await cascade.CreateRootAsync(root);
        await Cascade.AddTableAsync(root, "public.accounts");
        await Cascade.AddTableAsync(root, "public.history");
        await cascade.CreateSubscriberAsync(leaf, "leaf", root);
        await Cascade.AddTableAsync(leaf, "public.accounts");
        await Cascade.AddTableAsync(leaf, "public.history");

        var watch = Stopwatch.StartNew();
        using (var stop = new CancellationTokenSource())
        {
            var ticker = Workload.RunTickerAsync(root, stop.Token);
            await using (Sync.Start(Sync.Options(leaf, 2), Sync.Logging(null)))
            {
                await Sync.WaitCaughtUpAsync(root, leaf, TimeSpan.FromMinutes(10));
            }
            await stop.CancelAsync();
            await ticker;
        }
        output.WriteLine($"copy: {rows} rows of public.history to ok in {watch.Elapsed.TotalSeconds:F1} s");

        // Backlog: 50 events per transaction (inserts and updates), ticked, applied by a fresh worker run.
        for (var i = 0; i < backlogTransactions; i++)
        {
            await root.ExecuteAsync($"""
                insert into public.accounts select g, 'o', 0 from generate_series({i * 25 + 1}, {i * 25 + 25}) g;
                update public.accounts set balance = balance + 1 where id between {i * 25 + 1} and {i * 25 + 25};
                """);
            if (i % 100 == 0)
            {
                await root.ScalarAsync<long>("select pgq.ticker($1)", Cascade.Queue);
            }
        }
        var events = backlogTransactions * 50;
        watch.Restart();
        using (var stop = new CancellationTokenSource())
        {
            var ticker = Workload.RunTickerAsync(root, stop.Token);
            await using (Sync.Start(Sync.Options(leaf, 2) with { PgqLazyFetch = 300 }, Sync.Logging(null)))
            {
                await Sync.WaitCaughtUpAsync(root, leaf, TimeSpan.FromMinutes(10));
            }
            await stop.CancelAsync();
            await ticker;
        }
        output.WriteLine($"backlog: {events} events applied in {watch.Elapsed.TotalSeconds:F1} s = {events / watch.Elapsed.TotalSeconds:F0} events/s");
        Assert.Equal(await Workload.DumpAsync(root, "public.accounts"), await Workload.DumpAsync(leaf, "public.accounts"));
    }
}
