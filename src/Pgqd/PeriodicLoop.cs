using Microsoft.Extensions.Logging;

namespace Pgqd;

/// <summary>
/// Runs one job against one database every period, once the ticker loop has found pgq there.
/// A database error drops the connection and retries after the period, but no later than 20 s
/// (as the original pgqd retries maintenance); a new pgq generation (the ticker reconnected and
/// re-checked the schema) also starts from a fresh connection.
/// </summary>
internal sealed class PeriodicLoop
{
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(20);

    private readonly IPeriodicJob _job;
    private readonly DatabaseTarget _target;
    private readonly Func<PgqdSettings> _settings;
    private readonly DatabaseState _state;
    private readonly ILogger _logger;

    public PeriodicLoop(IPeriodicJob job, DatabaseTarget target, Func<PgqdSettings> settings, DatabaseState state, ILogger logger)
    {
        _job = job;
        _target = target;
        _settings = settings;
        _state = state;
        _logger = logger;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = new DatabaseConnection(_target.ConnectionString);
        var generation = _state.Generation;
        while (true)
        {
            await _state.WaitReadyAsync(cancellationToken);
            if (generation != _state.Generation)
            {
                generation = _state.Generation;
                await connection.DropAsync();
            }
            var settings = _settings();
            var wait = _job.Period(settings);
            try
            {
                var db = await connection.GetAsync(settings.ConnectionLifetime, cancellationToken);
                await _job.RunOnceAsync(db, cancellationToken);
            }
            catch (Exception e) when (DatabaseErrors.IsDatabaseError(e) && !cancellationToken.IsCancellationRequested)
            {
                await connection.DropAsync();
                wait = wait < MaxRetry ? wait : MaxRetry;
                PgqdLog.QueryError(_logger, _target.LogName, _job.CurrentStep, DatabaseErrors.Describe(e), wait.TotalSeconds, e);
            }
            await Task.Delay(wait, cancellationToken);
        }
    }
}
