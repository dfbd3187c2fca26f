using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Skytools.Logging;

/// <summary>
/// The line format operators of the original know and grep: <c>2026-11-24 02:34:49,443 8679 INFO message</c>
/// (local time with milliseconds after a comma, process id, Python level name, message).
/// </summary>
public static class LogLineFormat
{
    public static string Format(DateTime localTime, int processId, LogLevel level, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{localTime:yyyy-MM-dd HH:mm:ss,fff} {processId} {LevelName(level)} {message}");

    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "CRITICAL",
        _ => level.ToString().ToUpperInvariant(),
    };
}
