using Microsoft.Extensions.Logging;
using Npgsql;

namespace Pgqd;

/// <summary>
/// Ticks one database: checks that schema pgq exists and that <c>pgq.version()</c> starts with 3 or
/// more (else ignores the database and looks again after check_period), then runs
/// <c>select pgq.ticker()</c> every ticker_period. A failure drops the connection and retries after a
/// growing back-off; the loop only ends when pgqd stops or the database is unregistered.
/// </summary>
internal sealed class TickerLoop
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(60);

    private readonly DatabaseTarget _target;
    private readonly Func<PgqdSettings> _settings;
    private readonly DatabaseState _state;
    private readonly PgqdStats _stats;
    private readonly ILogger _logger;

    public TickerLoop(DatabaseTarget target, Func<PgqdSettings> settings, DatabaseState state, PgqdStats stats, ILogger logger)
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
        var backoff = new Backoff(FirstRetry, MaxRetry);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var settings = _settings();
            TimeSpan wait;
            try
            {
                var reconnecting = !connection.IsOpen;
                var db = await connection.GetAsync(settings.ConnectionLifetime, cancellationToken);
                if (reconnecting || !_state.PgqReady)
                {
                    _state.SetReady(false);
                    if (!await CheckPgqAsync(db, cancellationToken))
                    {
                        await connection.DropAsync();
                        backoff.Reset();
                        await Task.Delay(settings.CheckPeriod, cancellationToken);
                        continue;
                    }
                    if (backoff.Failing)
                    {
                        PgqdLog.Recovered(_logger, _target.LogName);
                    }
                    _state.SetReady(true);
                }
                await TickAsync(db, cancellationToken);
                backoff.Reset();
                wait = settings.TickerPeriod;
            }
            catch (Exception e) when (DatabaseErrors.IsDatabaseError(e) && !cancellationToken.IsCancellationRequested)
            {
                _state.SetReady(false);
                await connection.DropAsync();
                wait = backoff.Next();
                if (DatabaseErrors.IsConnectFailure(e))
                {
                    PgqdLog.ConnectionError(_logger, _target.LogName, DatabaseErrors.Describe(e), wait.TotalSeconds, e);
                }
                else
                {
                    PgqdLog.QueryError(_logger, _target.LogName, "ticker", DatabaseErrors.Describe(e), wait.TotalSeconds, e);
                }
            }
            await Task.Delay(wait, cancellationToken);
        }
    }

    /// <summary>True when the database has a pgq this daemon can drive.</summary>
    private async Task<bool> CheckPgqAsync(NpgsqlConnection db, CancellationToken cancellationToken)
    {
        await using (var check = new NpgsqlCommand("select 1 from pg_catalog.pg_namespace where nspname = 'pgq'", db))
        {
            if (await check.ExecuteScalarAsync(cancellationToken) is null)
            {
                PgqdLog.NoPgq(_logger, _target.LogName);
                return false;
            }
        }
        string? version;
        try
        {
            await using var command = new NpgsqlCommand("select pgq.version()", db);
            version = await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedFunction)
        {
            // A pgq schema without version(): not one we know how to drive (the original ignores it too).
            version = "error: " + e.MessageText;
        }
        if (string.IsNullOrEmpty(version) || version[0] < '3')
        {
            PgqdLog.BadVersion(_logger, _target.LogName, version ?? "NULL");
            return false;
        }
        PgqdLog.VersionOk(_logger, _target.LogName, version);
        return true;
    }

    private async Task TickAsync(NpgsqlConnection db, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select pgq.ticker()", db);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        _stats.AddTick();
        if (result is long count)
        {
            PgqdLog.Ticked(_logger, _target.LogName, count);
        }
    }
}
