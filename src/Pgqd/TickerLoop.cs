using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Pgqd;

/// <summary>
/// Ticks one database: checks that schema pgq exists and that <c>pgq.version()</c> starts with 3 or
/// more (else ignores the database and looks again after check_period), then runs
/// <c>select pgq.ticker()</c> every ticker_period, and in between, every ticker_poll_period, looks whether a queue
/// with new events is due and then ticks at once (so ticks follow activity, not the ticker_period clock). A failure drops the connection and retries after a
/// growing back-off; the loop only ends when pgqd stops or the database is unregistered.
/// </summary>
internal sealed class TickerLoop
{
    // Read-only (no xid, no row lock, no WAL) and prepared once per connection, so polling it every few ms costs
    // little; pgq.ticker() by contrast locks every queue row and takes an xid. Inline rather than a pgq function
    // because pgqd also ticks databases with the original pgq (3.x has the same pgq.queue and pgq.tick columns).
    // pg_sequence_last_value, not pgq.seq_getval (plpgsql, dynamic SQL): built in, cheaper, and NULL before the
    // sequence's first nextval, so a queue that never had an event is not due.
    private const string DueQuery = """
        select (select min(queue_ticker_max_lag) from pgq.queue
                where not queue_external_ticker and not queue_ticker_paused) as fastest,
               exists (
            select 1
            from pgq.queue q
            cross join lateral (
                select t.tick_time, t.tick_event_seq
                from pgq.tick t
                where t.tick_queue = q.queue_id
                order by t.tick_queue desc, t.tick_id desc
                limit 1) last
            cross join lateral (
                select pg_catalog.pg_sequence_last_value(q.queue_event_seq::pg_catalog.regclass) - last.tick_event_seq as pending) ev
            where not q.queue_external_ticker and not q.queue_ticker_paused
              and ev.pending > 0
              and (ev.pending >= q.queue_ticker_max_count or now() - last.tick_time >= q.queue_ticker_max_lag)) as due
        """;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(60);

    private readonly DatabaseTarget _target;
    private readonly Func<PgqdSettings> _settings;
    private readonly DatabaseState _state;
    private readonly PgqdStats _stats;
    private readonly ILogger _logger;
    private NpgsqlCommand? _dueCommand;

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
        // When pgq.ticker() last ran (Stopwatch ticks); 0 = run it now.
        long lastTicker = 0;
        var canPoll = true;
        // How often to poll: half the smallest ticker_max_lag of this database's queues, within
        // [ticker_poll_period, ticker_period]; null = not known, poll once to learn it. A database whose queues all
        // keep the default 3 s max_lag is thus not polled at all between ticker_period cycles, so fast polling
        // costs only where a queue asked for low lag (londiste roots do).
        TimeSpan? pollEvery = null;
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
                    lastTicker = 0;
                    canPoll = true;
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
                var sinceTicker = lastTicker == 0 ? TimeSpan.MaxValue : Stopwatch.GetElapsedTime(lastTicker);
                if (sinceTicker >= settings.TickerPeriod)
                {
                    // The original's cycle: pgq.ticker() decides per queue (idle ticks, max_count, max_lag).
                    await TickAsync(db, cancellationToken);
                    lastTicker = Stopwatch.GetTimestamp();
                    // Look at the queues' settings again after every cycle (set_queue_config may have changed them).
                    pollEvery = null;
                }
                else if (canPoll && settings.TickerPollPeriod < settings.TickerPeriod)
                {
                    var (result, fastest) = await PollAsync(db, cancellationToken);
                    canPoll = result != PollResult.Unsupported;
                    if (result == PollResult.Ticked)
                    {
                        lastTicker = Stopwatch.GetTimestamp();
                    }
                    pollEvery = fastest is { } lag ? Clamp(lag / 2, settings.TickerPollPeriod, settings.TickerPeriod) : settings.TickerPeriod;
                }
                backoff.Reset();
                var untilTicker = settings.TickerPeriod - Stopwatch.GetElapsedTime(lastTicker);
                var nextPoll = pollEvery ?? settings.TickerPollPeriod;
                wait = canPoll && nextPoll < untilTicker ? nextPoll : untilTicker;
                if (wait < TimeSpan.Zero)
                {
                    wait = TimeSpan.Zero;
                }
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

    /// <summary>
    /// Between two ticker_period cycles: runs pgq.ticker() at once when a queue with its own ticker has events
    /// since its last tick and has reached its ticker_max_count or ticker_max_lag. pgq.ticker() still makes the
    /// decision (same rules as the original), so polling only moves a due tick earlier; it never adds one.
    /// </summary>
    /// <returns>What happened, and the smallest ticker_max_lag of the queues pgqd ticks (null: none).</returns>
    private async Task<(PollResult Result, TimeSpan? Fastest)> PollAsync(NpgsqlConnection db, CancellationToken cancellationToken)
    {
        bool due;
        TimeSpan? fastest;
        try
        {
            if (_dueCommand?.Connection != db)
            {
                // One prepared command per connection: a poll is then one Bind/Execute round trip.
                _dueCommand?.Dispose();
                _dueCommand = new NpgsqlCommand(DueQuery, db);
                await _dueCommand.PrepareAsync(cancellationToken);
            }
            await using var reader = await _dueCommand.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            fastest = reader.IsDBNull(0) ? null : reader.GetFieldValue<TimeSpan>(0);
            due = reader.GetBoolean(1);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.UndefinedTable
                                              or PostgresErrorCodes.UndefinedFunction)
        {
            // A pgq whose tables differ from 3.x: tick only every ticker_period, as the original does.
            PgqdLog.PollUnsupported(_logger, _target.LogName, e.MessageText);
            return (PollResult.Unsupported, null);
        }
        if (!due)
        {
            return (PollResult.Idle, fastest);
        }
        await TickAsync(db, cancellationToken);
        return (PollResult.Ticked, fastest);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan low, TimeSpan high) => value < low ? low : value > high ? high : value;

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

internal enum PollResult
{
    Idle,
    Ticked,
    Unsupported,
}
