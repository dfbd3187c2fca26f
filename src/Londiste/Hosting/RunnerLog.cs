using Microsoft.Extensions.Logging;

namespace Londiste.Hosting;

internal static partial class RunnerLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Config reloaded")]
    public static partial void Reloaded(ILogger logger);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Reload refused, going on with the previous settings: {Reason}")]
    public static partial void ReloadRefused(ILogger logger, string reason);
}
