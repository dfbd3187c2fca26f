using Microsoft.Extensions.Logging;

namespace Pgqd;

/// <summary>
/// pgqd's main loop: keeps one <see cref="DatabaseWorker"/> per database the locator names, starting
/// new ones and unregistering vanished ones (every check_period when discovering, and on every
/// reload), and logs the stats line every stats_period. Settings come from a delegate so a reload
/// takes effect at the next cycle of every loop.
/// </summary>
internal sealed class TickerDaemon
{
    private readonly Func<PgqdSettings> _settings;
    private readonly IDatabaseLocator _locator;
    private readonly Func<CancellationToken, Task> _waitForReload;
    private readonly ILogger _logger;
    private readonly Dictionary<string, DatabaseWorker> _workers = new(StringComparer.Ordinal);

    public TickerDaemon(Func<PgqdSettings> settings, IDatabaseLocator locator, Func<CancellationToken, Task> waitForReload, ILogger logger)
    {
        _settings = settings;
        _locator = locator;
        _waitForReload = waitForReload;
        _logger = logger;
    }

    public PgqdStats Stats { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        PgqdLog.Starting(_logger, PgqdInfo.Version);
        using var statsStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var statsLoop = Task.Run(() => LogStatsAsync(statsStop.Token), statsStop.Token);
        var discoveryFailures = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        var announcedDiscovery = false;
        try
        {
            while (true)
            {
                var settings = _settings();
                var wait = settings.CheckPeriod;
                if (_locator.Discovers(settings) && !announcedDiscovery)
                {
                    PgqdLog.AutoDetecting(_logger);
                    announcedDiscovery = true;
                }
                try
                {
                    var targets = await _locator.LocateAsync(settings, cancellationToken);
                    await ReconcileAsync(targets, cancellationToken);
                    discoveryFailures.Reset();
                }
                catch (Exception e) when (DatabaseErrors.IsDatabaseError(e) && !cancellationToken.IsCancellationRequested)
                {
                    // Keep serving the databases already known; only the list is stale.
                    wait = discoveryFailures.Next();
                    if (wait > settings.CheckPeriod)
                    {
                        wait = settings.CheckPeriod;
                    }
                    PgqdLog.DiscoveryFailed(_logger, settings.InitialDatabase, DatabaseErrors.Describe(e), wait.TotalSeconds, e);
                }
                await WaitAsync(_locator.Discovers(settings) ? wait : Timeout.InfiniteTimeSpan, cancellationToken);
            }
        }
        finally
        {
            await statsStop.CancelAsync();
            await StopAllAsync();
            try
            {
                await statsLoop;
            }
            catch (OperationCanceledException)
            {
                // Stopped with the daemon.
            }
        }
    }

    /// <summary>Sleeps until the next check, a reload, or a worker crash (which is rethrown: a pgqd bug must not go unnoticed).</summary>
    private async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var waitStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waits = new List<Task> { Task.Delay(wait, waitStop.Token), _waitForReload(waitStop.Token) };
        waits.AddRange(_workers.Values.Select(w => w.Completion));
        var finished = await Task.WhenAny(waits);
        await waitStop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        if (_workers.Values.FirstOrDefault(w => w.Completion == finished) is { } crashed)
        {
            await crashed.Completion;
        }
    }

    private async Task ReconcileAsync(IReadOnlyList<DatabaseTarget> targets, CancellationToken cancellationToken)
    {
        var wanted = targets.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var (name, worker) in _workers.ToList())
        {
            if (!wanted.TryGetValue(name, out var target) || target.ConnectionString != worker.Target.ConnectionString)
            {
                _workers.Remove(name);
                if (target is null)
                {
                    PgqdLog.UnregisterDatabase(_logger, name);
                }
                await worker.DisposeAsync();
            }
        }
        var added = new List<string>();
        foreach (var target in targets)
        {
            if (!_workers.ContainsKey(target.Name))
            {
                PgqdLog.RegisterDatabase(_logger, target.Name);
                _workers[target.Name] = new DatabaseWorker(target, _settings, Stats, _logger, cancellationToken);
                added.Add(target.Name);
            }
        }
        if (added.Count > 0)
        {
            PgqdLog.Serving(_logger, string.Join(", ", _workers.Keys.Order(StringComparer.Ordinal)));
        }
    }

    private async Task StopAllAsync()
    {
        foreach (var worker in _workers.Values)
        {
            await worker.DisposeAsync();
        }
        _workers.Clear();
    }

    private async Task LogStatsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(_settings().StatsPeriod, cancellationToken);
            var (ticks, maint, retry) = Stats.TakeSnapshot();
            PgqdLog.Stats(_logger, ticks, maint, retry);
        }
    }
}
