using Microsoft.Extensions.Logging;
using Npgsql;

namespace Pgqd;

/// <summary>
/// Every retry_period (see <see cref="PeriodicLoop"/>) moves events whose retry time has come back
/// into their queues: <c>pgq.maint_retry_events()</c> moves a bounded number per call, so it is
/// called until it returns 0.
/// </summary>
internal sealed class RetryJob : IPeriodicJob
{
    private readonly DatabaseTarget _target;
    private readonly PgqdStats _stats;
    private readonly ILogger _logger;

    public RetryJob(DatabaseTarget target, PgqdStats stats, ILogger logger)
    {
        _target = target;
        _stats = stats;
        _logger = logger;
    }

    public string CurrentStep => "retry";

    public TimeSpan Period(PgqdSettings settings) => settings.RetryPeriod;

    public async Task RunOnceAsync(NpgsqlConnection db, CancellationToken cancellationToken)
    {
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
}
