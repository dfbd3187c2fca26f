using Xunit.Abstractions;
using Londiste.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Londiste.Tests.Worker;

/// <summary>Helpers to run workers in tests and wait (without timing asserts) until a node caught up.</summary>
public static class Sync
{
    public static WorkerOptions Options(TestNode node, int parallelCopies = 1) => new()
    {
        NodeConnectionString = node.ConnectionString,
        QueueName = Cascade.Queue,
        ConsumerName = node.WorkerName,
        LoopDelay = TimeSpan.FromMilliseconds(100),
        ParallelCopies = parallelCopies,
        ErrorDelay = TimeSpan.FromMilliseconds(200),
        MaxErrorDelay = TimeSpan.FromSeconds(2),
        SyncPollInterval = TimeSpan.FromMilliseconds(300),
        PgqLazyFetch = 50,
        CopyProgressInterval = TimeSpan.FromMilliseconds(200),
    };

    public static ILoggerFactory Logging(ITestOutputHelper? output) =>
        output is null ? NullLoggerFactory.Instance : LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider(output)).SetMinimumLevel(LogLevel.Information));

    /// <summary>
    /// Waits until every local table of <paramref name="node"/> is <c>ok</c> and its worker completed a tick of
    /// <paramref name="source"/>'s queue taken after all writes stopped.
    /// </summary>
    public static async Task WaitCaughtUpAsync(TestNode root, TestNode node, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        await root.ScalarAsync<long>("select pgq.force_tick($1)", Cascade.Queue);
        long target = 0;
        while (DateTime.UtcNow < until)
        {
            var last = await root.ScalarAsync<long>("select last_tick_id from pgq.get_queue_info($1)", Cascade.Queue);
            if (target == 0)
            {
                target = last + 1; // The tick forced above comes after every committed write.
            }
            var states = await Cascade.TableStatesAsync(node);
            var completed = await node.ScalarAsync<long>("select completed_tick from pgq_node.get_consumer_state($1, $2)", Cascade.Queue, node.WorkerName);
            if (last >= target && completed >= target && states.Values.All(s => s == "ok"))
            {
                return;
            }
            await Task.Delay(200);
        }
        var final = await Cascade.TableStatesAsync(node);
        throw new TimeoutException($"{node.Name} did not catch up: states {string.Join(", ", final.Select(kv => kv.Key + "=" + (kv.Value ?? "NULL")))}");
    }

    /// <summary>Runs a worker in the background; dispose cancels it and waits for it.</summary>
    public static RunningWorker Start(WorkerOptions options, ILoggerFactory logging) => new(new ReplicationWorker(options, logging));

    public static RunningWorker Start(ReplicationWorker worker) => new(worker);
}

public sealed class RunningWorker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _task;

    public RunningWorker(ReplicationWorker worker)
    {
        Worker = worker;
        _task = Task.Run(() => worker.RunAsync(_stop.Token));
    }

    public ReplicationWorker Worker { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _task;
        }
        catch (OperationCanceledException)
        {
            // How a worker ends.
        }
        _stop.Dispose();
    }
}
