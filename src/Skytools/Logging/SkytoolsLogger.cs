using Microsoft.Extensions.Logging;

namespace Skytools.Logging;

/// <summary>One logger per category; all of them write through the same provider, so the category is not printed.</summary>
internal sealed class SkytoolsLogger : ILogger
{
    private readonly SkytoolsLoggerProvider _provider;

    public SkytoolsLogger(SkytoolsLoggerProvider provider)
    {
        _provider = provider;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => _provider.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        _provider.Write(logLevel, formatter(state, exception), exception);
    }
}
