using Microsoft.Extensions.Logging;

namespace Skytools.Scripting;

/// <summary>Log lines of the script host; wording as the original scripts print them.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Got SIGINT, shutting down")]
    public static partial void GotSigint(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Got SIGTERM, fast exit")]
    public static partial void GotSigterm(ILogger logger);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Got SIGHUP, re-reading config")]
    public static partial void GotSighup(ILogger logger);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Config reloaded")]
    public static partial void ConfigReloaded(ILogger logger);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Config reload failed, keeping the previous config: {Reason}")]
    public static partial void ConfigReloadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Ignoring stale pidfile {Path} (process {Pid} is gone)")]
    public static partial void StalePidfile(ILogger logger, string path, int pid);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Job {JobName} crashed: {Reason}")]
    public static partial void Crashed(ILogger logger, string jobName, string reason, Exception exception);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "Wrote pidfile {Path} ({Pid})")]
    public static partial void WrotePidfile(ILogger logger, string path, int pid);
}
