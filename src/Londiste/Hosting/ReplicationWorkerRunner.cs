using Londiste.Configuration;
using Londiste.Worker;
using Microsoft.Extensions.Logging;
using Skytools.Config;
using Skytools.Scripting;

namespace Londiste.Hosting;

/// <summary>
/// `londiste CONFIG.ini worker`: runs <see cref="ReplicationWorker"/> with the config's settings until
/// stopped, and hands changed settings (parallel_copies, loop_delay, ...) to it on every reload (-r).
/// </summary>
public sealed class ReplicationWorkerRunner : IWorkerRunner
{
    // A database that went away is retried soon (first after 1 s, doubling), and never later than 5 s
    // (or exception_sleep when smaller) after it came back: the original sleeps exception_sleep (20 s)
    // after every error, which delays catch-up after a subscriber's outage.
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(5);

    public async Task RunAsync(LondisteSettings settings, ScriptContext context, CancellationToken cancellationToken)
    {
        var logger = context.LoggerFactory.CreateLogger("londiste");
        var worker = new ReplicationWorker(Options(settings), context.LoggerFactory);
        var run = worker.RunAsync(cancellationToken);
        while (true)
        {
            var reload = context.WaitForReloadAsync(cancellationToken);
            var done = await Task.WhenAny(run, reload);
            if (done == run || reload.IsCanceled)
            {
                break;
            }
            try
            {
                worker.Reload(Options(LondisteSettings.FromConfig(context.Config)));
                RunnerLog.Reloaded(logger);
            }
            catch (Exception e) when (e is ConfigException or ArgumentException)
            {
                // A bad edit must not stop replication: the worker goes on with what it had.
                RunnerLog.ReloadRefused(logger, e.Message);
            }
        }
        await run;
    }

    public static WorkerOptions Options(LondisteSettings settings) => new()
    {
        NodeConnectionString = settings.Db,
        QueueName = settings.QueueName,
        ConsumerName = settings.ConsumerName,
        LoopDelay = settings.LoopDelay,
        ParallelCopies = settings.ParallelCopies,
        LockTimeout = settings.LockTimeout,
        PgqLazyFetch = settings.PgqLazyFetch,
        BatchCollectEvents = settings.PgqBatchCollectEvents,
        ErrorDelay = FirstRetry < settings.ExceptionSleep ? FirstRetry : settings.ExceptionSleep,
        MaxErrorDelay = LongestRetry < settings.ExceptionSleep ? LongestRetry : settings.ExceptionSleep,
        RemoteExtraConnectionString = settings.RemoteExtraConnstr,
        LocalWatermarkPublishPeriod = settings.LocalWatermarkPublishPeriod,
        GlobalWatermarkPublishPeriod = settings.GlobalWatermarkPublishPeriod,
        RegisterOnlyTables = settings.RegisterOnlyTables,
        RegisterSkipTables = settings.RegisterSkipTables,
    };
}
