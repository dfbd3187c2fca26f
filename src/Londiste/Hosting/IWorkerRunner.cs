using Londiste.Configuration;
using Skytools.Scripting;

namespace Londiste.Hosting;

/// <summary>
/// The replication worker as the `londiste CONFIG.ini worker` command runs it, inside the script host
/// (pidfile, -d, signals, logging). Runs until <paramref name="cancellationToken"/> is cancelled
/// (SIGINT/SIGTERM, -s, -k); takes new settings after <see cref="ScriptContext.WaitForReloadAsync"/> (SIGHUP, -r).
/// </summary>
public interface IWorkerRunner
{
    /// <param name="settings">the settings read at start</param>
    /// <param name="context">logging, the current config after reloads, the command line</param>
    Task RunAsync(LondisteSettings settings, ScriptContext context, CancellationToken cancellationToken);
}
