using Microsoft.Extensions.Logging;

namespace Pgqd;

/// <summary>Everything pgqd logs, with stable event ids and the original's wording where operators know it.</summary>
internal static partial class PgqdLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Starting pgqd {Version}")]
    public static partial void Starting(ILogger logger, string version);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "auto-detecting dbs ...")]
    public static partial void AutoDetecting(ILogger logger);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "{Db}: pgq version ok: {Version}")]
    public static partial void VersionOk(ILogger logger, string db, string version);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "{Db}: bad pgq version, ignoring ({Version})")]
    public static partial void BadVersion(ILogger logger, string db, string version);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "{Db}: no pgq")]
    public static partial void NoPgq(ILogger logger, string db);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "{{ticks: {Ticks}, maint: {Maint}, retry: {Retry}}}")]
    public static partial void Stats(ILogger logger, long ticks, long maint, long retry);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "Register database: {Name}")]
    public static partial void RegisterDatabase(ILogger logger, string name);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Unregister database: {Name}")]
    public static partial void UnregisterDatabase(ILogger logger, string name);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "{Db}: connection error: {Reason}; retrying in {Seconds:0.#} s")]
    public static partial void ConnectionError(ILogger logger, string db, string reason, double seconds, Exception exception);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "{Db}: {What} failed: {Reason}; retrying in {Seconds:0.#} s")]
    public static partial void QueryError(ILogger logger, string db, string what, string reason, double seconds, Exception exception);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Error, Message = "auto-detecting dbs failed on {Database}: {Reason}; retrying in {Seconds:0.#} s")]
    public static partial void DiscoveryFailed(ILogger logger, string database, string reason, double seconds, Exception exception);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Trace, Message = "{Db}: ticked {Count} queue(s)")]
    public static partial void Ticked(ILogger logger, string db, long count);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Debug, Message = "{Db}: starting maintenance")]
    public static partial void MaintenanceStarting(ILogger logger, string db);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Debug, Message = "{Db}: {Operation}")]
    public static partial void MaintenanceOperation(ILogger logger, string db, string operation);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Information, Message = "{Db}: maintenance done: {Count} operation(s)")]
    public static partial void MaintenanceDone(ILogger logger, string db, int count);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Information, Message = "{Db}: moved {Count} retry event(s) back into their queues")]
    public static partial void RetryMoved(ILogger logger, string db, long count);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Information, Message = "{Db}: connection ok again")]
    public static partial void Recovered(ILogger logger, string db);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Warning, Message = "{File}: [pgqd] {Key} is not a pgqd setting and is ignored: check its spelling (pgqd --ini lists the settings)")]
    public static partial void UnknownKey(ILogger logger, string file, string key);

    [LoggerMessage(EventId = 2019, Level = LogLevel.Debug, Message = "{File}: [pgqd] {Key} is accepted for compatibility but has no effect: pgqd logs to stderr and logfile")]
    public static partial void IgnoredKey(ILogger logger, string file, string key);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Error, Message = "Config reload gave unusable [pgqd] settings, keeping the previous ones: {Reason}")]
    public static partial void SettingsRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Serving databases: {Names}")]
    public static partial void Serving(ILogger logger, string names);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Debug, Message = "{Db}: maintenance uses the old API (no pgq.maint_operations)")]
    public static partial void OldMaintenanceApi(ILogger logger, string db);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Warning, Message = "{Db}: cannot look for due queues ({Reason}); ticking only every ticker_period")]
    public static partial void PollUnsupported(ILogger logger, string db, string reason);
}
