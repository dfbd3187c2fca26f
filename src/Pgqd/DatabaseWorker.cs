using Microsoft.Extensions.Logging;

namespace Pgqd;

/// <summary>
/// Everything pgqd does for one database: the ticker loop, and once it has found a usable pgq, the
/// maintenance and retry loops, each on its own connection. Its failures stay inside it: another
/// database's worker never waits for it.
/// </summary>
internal sealed class DatabaseWorker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task[] _loops;

    public DatabaseWorker(DatabaseTarget target, Func<PgqdSettings> settings, PgqdStats stats, ILogger logger, CancellationToken cancellationToken)
    {
        Target = target;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var state = new DatabaseState();
        var token = _stop.Token;
        _loops =
        [
            Task.Run(() => new TickerLoop(target, settings, state, stats, logger).RunAsync(token), token),
            Task.Run(() => new PeriodicLoop(new MaintenanceJob(target, stats, logger), target, settings, state, logger).RunAsync(token), token),
            Task.Run(() => new PeriodicLoop(new RetryJob(target, stats, logger), target, settings, state, logger).RunAsync(token), token),
        ];
        // The loops end only when cancelled, so the first one to end on its own has crashed.
        Completion = Task.WhenAny(_loops).Unwrap();
    }

    public DatabaseTarget Target { get; }

    /// <summary>Completes (faulted) if a loop died of something other than a database error: a pgqd bug.</summary>
    public Task Completion { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
            // The loops end by cancellation; that is the normal way out.
        }
        _stop.Dispose();
    }
}
