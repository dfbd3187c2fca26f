namespace Skytools.Scripting;

/// <summary>
/// The work of one script (pgqd's ticker, londiste's worker). The host has parsed the command line,
/// read the config, set up logging and the pidfile; the script runs until the token is cancelled
/// (SIGINT/SIGTERM) and reacts to <see cref="ScriptContext.WaitForReloadAsync"/> (SIGHUP).
/// </summary>
public interface ISkytoolsScript
{
    /// <returns>the process exit code</returns>
    Task<int> RunAsync(ScriptContext context, CancellationToken cancellationToken);
}
