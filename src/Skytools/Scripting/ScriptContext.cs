using Microsoft.Extensions.Logging;
using Skytools.Config;

namespace Skytools.Scripting;

/// <summary>What a running script may use: the current config (replaced as a whole on reload), the command line, logging.</summary>
public sealed class ScriptContext
{
    private ScriptConfig _config;
    private TaskCompletionSource _reloaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ScriptContext(ScriptConfig config, ScriptArguments arguments, ILoggerFactory loggerFactory, bool isDaemon)
    {
        _config = config;
        Arguments = arguments;
        LoggerFactory = loggerFactory;
        IsDaemon = isDaemon;
    }

    /// <summary>The config as last read; take it once per work cycle so that one cycle sees one version.</summary>
    public ScriptConfig Config => Volatile.Read(ref _config);

    public ScriptArguments Arguments { get; }
    public ILoggerFactory LoggerFactory { get; }
    public bool IsDaemon { get; }
    public string JobName => Config.GetString("job_name");

    /// <summary>Completes when a reload (SIGHUP) has replaced <see cref="Config"/>.</summary>
    public Task WaitForReloadAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _reloaded).Task.WaitAsync(cancellationToken);

    /// <summary>Installs a freshly read config and wakes everyone waiting for it.</summary>
    public void Replace(ScriptConfig config)
    {
        Volatile.Write(ref _config, config);
        var previous = Interlocked.Exchange(ref _reloaded, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }
}
