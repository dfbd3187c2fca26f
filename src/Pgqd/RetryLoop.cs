using Microsoft.Extensions.Logging;
using Npgsql;

namespace Pgqd;

/// <summary>
/// Every retry_period moves events whose retry time has come back into their queues:
/// <c>pgq.maint_retry_events()</c> moves a bounded number per call, so it is called until it returns 0.
/// </summary>
internal sealed class RetryLoop
{
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(20);

    private readonly DatabaseTarget _target;
    private readonly Func<PgqdSettings> _settings;
    private readonly DatabaseState _state;
    private readonly PgqdStats _stats;
    private readonly ILogger _logger;

    public RetryLoop(DatabaseTarget target, Func<PgqdSettings> settings, DatabaseState state, PgqdStats stats, ILogger logger)
    {
        _target = target;
        _settings = settings;
        _state = state;
        _stats = stats;
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
            var wait = settings.RetryPeriod;
            try
            {
                var db = await connection.GetAsync(settings.ConnectionLifetime, cancellationToken);
                long total = 0;
                while (true)
                {
                    await using var command = new NpgsqlCommand("select pgq.maint_retry_events()", db);
                    var result = await command.ExecuteScalarAsync(cancellationToken);
                    var moved = result is null or DBNull ? 0 : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
                    if (moved <= 0)
                    {
                        break;
                    }
                    total += moved;
                }
                _stats.AddRetry(total);
                if (total > 0)
                {
                    PgqdLog.RetryMoved(_logger, _target.LogName, total);
                }
            }
            catch (Exception e) when (DatabaseErrors.IsDatabaseError(e) && !cancellationToken.IsCancellationRequested)
            {
                await connection.DropAsync();
                wait = settings.RetryPeriod < MaxRetry ? settings.RetryPeriod : MaxRetry;
                PgqdLog.QueryError(_logger, _target.LogName, "retry", DatabaseErrors.Describe(e), wait.TotalSeconds, e);
            }
            await Task.Delay(wait, cancellationToken);
        }
    }
}
