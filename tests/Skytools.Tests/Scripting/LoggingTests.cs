using Microsoft.Extensions.Logging;
using Skytools.Logging;

namespace Skytools.Tests.Scripting;

public sealed class LoggingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"skytools-log-{Guid.NewGuid():N}");

    [Fact]
    public void Formats_lines_like_the_original_scripts()
    {
        var line = LogLineFormat.Format(new DateTime(2026, 11, 24, 2, 34, 49, 443), 8679, LogLevel.Information, "Table added: public.user_info");

        Assert.Equal("2026-11-24 02:34:49,443 8679 INFO Table added: public.user_info", line);
        Assert.Equal("WARNING", LogLineFormat.LevelName(LogLevel.Warning));
    }

    [Fact]
    public void Writes_to_console_and_logfile_with_the_configured_levels()
    {
        var logfile = Path.Combine(_folder, "log", "x.log");
        var console = new StringWriter();
        using (var provider = new SkytoolsLoggerProvider(new LogSettings(logfile, 0, 0, LogLevel.Information, LogLevel.Warning, true, false), console))
        {
            var logger = provider.CreateLogger("x");
            logger.LogDebug("hidden");
            logger.LogInformation("to file only");
            logger.LogWarning("to both");
            logger.LogError(new InvalidOperationException("boom"), "failed");
        }

        var fileLines = File.ReadAllLines(logfile);
        Assert.Equal(3, fileLines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ INFO to file only$", fileLines[0]);
        Assert.EndsWith(" ERROR failed", fileLines[2]);
        var consoleLines = console.ToString().TrimEnd().Split('\n');
        Assert.Equal(2, consoleLines.Length);
        Assert.EndsWith(" WARNING to both", consoleLines[0]);
    }

    [Fact]
    public void Rotates_the_logfile_when_it_grows_past_log_size()
    {
        var logfile = Path.Combine(_folder, "r.log");
        using (var provider = new SkytoolsLoggerProvider(new LogSettings(logfile, 200, 2, LogLevel.Information, LogLevel.Information, false, false)))
        {
            var logger = provider.CreateLogger("x");
            for (var i = 0; i < 20; i++)
            {
                logger.LogInformation("line {Number} with some padding to grow the file", i);
            }
        }

        Assert.True(File.Exists(logfile + ".1"));
        Assert.True(File.Exists(logfile + ".2"));
        Assert.False(File.Exists(logfile + ".3"));
        Assert.Contains("line 19 ", File.ReadAllText(logfile));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
