using Microsoft.Extensions.Logging;
using Skytools.Config;

namespace Skytools.Logging;

/// <summary>
/// Where and how much a script logs: stderr (unless detached) and <c>logfile</c> when set, rotated at
/// <c>log_size</c> bytes keeping <c>log_count</c> old files, as the Python scripts do.
/// <c>-v</c> adds DEBUG lines, <c>-vv</c> TRACE; <c>-q</c> keeps only warnings and errors on the console.
/// </summary>
public sealed record LogSettings(string LogFile, long MaxBytes, int KeepCount, LogLevel Level, LogLevel ConsoleLevel, bool Console, bool IncludeExceptionDetail)
{
    public const long DefaultMaxBytes = 10 * 1024 * 1024;
    public const int DefaultKeepCount = 3;

    public static LogSettings FromConfig(ScriptConfig config, int verbose, bool quiet, bool console)
    {
        var level = verbose switch
        {
            0 => LogLevel.Information,
            1 => LogLevel.Debug,
            _ => LogLevel.Trace,
        };
        return new LogSettings(
            config.GetFile("logfile", ""),
            config.GetInt("log_size", (int)DefaultMaxBytes),
            config.GetInt("log_count", DefaultKeepCount),
            level,
            quiet ? LogLevel.Warning : level,
            console,
            verbose > 0);
    }

    /// <summary>Console only, for commands that run before a config is read.</summary>
    public static LogSettings ConsoleOnly(int verbose, bool quiet) =>
        new("", 0, 0, verbose > 0 ? LogLevel.Debug : LogLevel.Information, quiet ? LogLevel.Warning : (verbose > 0 ? LogLevel.Debug : LogLevel.Information), true, verbose > 0);
}
