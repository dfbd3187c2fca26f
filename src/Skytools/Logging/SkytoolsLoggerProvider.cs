using Microsoft.Extensions.Logging;

namespace Skytools.Logging;

/// <summary>
/// Writes every log line to stderr and to the log file in <see cref="LogLineFormat"/>. One lock
/// orders the lines of all threads. <see cref="Reconfigure"/> applies a reloaded config (another
/// logfile, level) without losing lines. Exception details (stack traces) only with -v.
/// </summary>
public sealed class SkytoolsLoggerProvider : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly int _processId = Environment.ProcessId;
    private LogSettings _settings;
    private LogFileWriter? _file;
    private TextWriter _console;

    public SkytoolsLoggerProvider(LogSettings settings, TextWriter? console = null)
    {
        _settings = settings;
        _console = console ?? System.Console.Error;
        _file = OpenFile(settings);
    }

    public LogSettings Settings => _settings;

    public ILogger CreateLogger(string categoryName) => new SkytoolsLogger(this);

    /// <summary>Switches to new settings (SIGHUP); the log file is reopened so that an external rotation is picked up.</summary>
    public void Reconfigure(LogSettings settings)
    {
        var file = OpenFile(settings);
        lock (_lock)
        {
            _file?.Dispose();
            _file = file;
            _settings = settings;
        }
    }

    /// <summary>Redirects console lines (used by tests that capture output).</summary>
    public void SetConsole(TextWriter console)
    {
        lock (_lock)
        {
            _console = console;
        }
    }

    internal bool IsEnabled(LogLevel level)
    {
        var settings = _settings;
        return level != LogLevel.None && (level >= settings.Level || (settings.Console && level >= settings.ConsoleLevel));
    }

    internal void Write(LogLevel level, string message, Exception? exception)
    {
        var settings = _settings;
        var line = LogLineFormat.Format(DateTime.Now, _processId, level, message);
        if (exception is not null && settings.IncludeExceptionDetail)
        {
            line += Environment.NewLine + exception;
        }
        lock (_lock)
        {
            if (settings.Console && level >= settings.ConsoleLevel)
            {
                try
                {
                    _console.WriteLine(line);
                    _console.Flush();
                }
                catch (IOException)
                {
                    // stderr went away (closed terminal); the log file still gets the line.
                }
            }
            if (_file is not null && level >= settings.Level)
            {
                try
                {
                    _file.Write(line);
                }
                catch (IOException)
                {
                    // A full disk must not stop the daemon; the console (if any) still has the line.
                }
            }
        }
    }

    private static LogFileWriter? OpenFile(LogSettings settings)
    {
        if (settings.LogFile.Length == 0)
        {
            return null;
        }
        try
        {
            return new LogFileWriter(settings.LogFile, settings.MaxBytes, settings.KeepCount);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Config.ConfigException($"cannot open logfile {settings.LogFile}: {e.Message}: fix the path or its permissions");
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
        }
    }
}
