using TestSupport;
using Xunit.Abstractions;

namespace Londiste.Tests.Worker;

/// <summary>The provider's server goes away under a running leaf worker and comes back.</summary>
public sealed class WorkerFaultTests(OriginalNodeFixture fixture, ITestOutputHelper output) : IClassFixture<OriginalNodeFixture>
{
    [Fact]
    public async Task Leaf_records_the_error_while_the_provider_is_down_and_resumes_when_it_is_back()
    {
        await using var rootCluster = await PostgresCluster.StartAsync();
        var cascade = new Cascade(fixture);
        var root = await Cascade.NewNodeOnAsync(rootCluster, "root");
        var leaf = await cascade.NewNodeAsync("leaf");
        await root.ExecuteAsync(Workload.Schema);
        await leaf.ExecuteAsync(Workload.Schema);
        await Workload.PreloadAsync(root, 1000);
        await cascade.CreateRootAsync(root);
        foreach (var table in Workload.Tables)
        {
            await Cascade.AddTableAsync(root, table);
        }
        await cascade.CreateSubscriberAsync(leaf, "leaf", root);
        foreach (var table in Workload.Tables)
        {
            await Cascade.AddTableAsync(leaf, table);
        }

        await using (Sync.Start(Sync.Options(leaf, 4), Sync.Logging(output)))
        {
            await WriteAndCatchUpAsync(root, leaf, TimeSpan.FromSeconds(1));

            await rootCluster.StopAsync("fast");
            var error = await WaitForErrorAsync(leaf);
            output.WriteLine($"recorded error: {error}");

            await rootCluster.StartServerAsync();
            await WriteAndCatchUpAsync(root, leaf, TimeSpan.FromSeconds(1));
            Assert.Null(await leaf.ScalarAsync<object>("select cur_error from pgq_node.get_consumer_state($1, $2)", Cascade.Queue, leaf.WorkerName) as string);
        }
        await Workload.AssertEqualAsync(root, leaf);
    }

    private static async Task WriteAndCatchUpAsync(TestNode root, TestNode leaf, TimeSpan writing)
    {
        using var stop = new CancellationTokenSource();
        var ticker = Workload.RunTickerAsync(root, stop.Token);
        using (var writersStop = new CancellationTokenSource(writing))
        {
            await Workload.RunWritersAsync(root, 2, 800, writersStop.Token);
        }
        try
        {
            await Sync.WaitCaughtUpAsync(root, leaf, TimeSpan.FromMinutes(3));
        }
        finally
        {
            await stop.CancelAsync();
            await ticker;
        }
    }

    private static async Task<string> WaitForErrorAsync(TestNode leaf)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < until)
        {
            if (await leaf.ScalarAsync<object>("select cur_error from pgq_node.get_consumer_state($1, $2)", Cascade.Queue, leaf.WorkerName) is string error)
            {
                return error;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the worker recorded no error while its provider was down");
    }
}
