using Microsoft.Extensions.Logging;

namespace Londiste.Cli;

internal static partial class CliLog
{
    [LoggerMessage(EventId = 3900, Level = LogLevel.Error, Message = "{Message}")]
    public static partial void CommandFailed(ILogger logger, string message, Exception? exception);

    [LoggerMessage(EventId = 3901, Level = LogLevel.Warning, Message = "{File}: [{Section}] {Key} is not a londiste setting and is ignored: check its spelling (londiste --ini lists them)")]
    public static partial void UnknownKey(ILogger logger, string file, string section, string key);

    [LoggerMessage(EventId = 3902, Level = LogLevel.Error, Message = "{Command} canceled")]
    public static partial void Canceled(ILogger logger, string command);
}
