using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PgQ.Tests.Consumer;

/// <summary>Keeps every log entry so that tests can check what an operator would see.</summary>
public sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<(EventId EventId, LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((eventId, logLevel, formatter(state, exception)));
}
