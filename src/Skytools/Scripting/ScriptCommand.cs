namespace Skytools.Scripting;

/// <summary>What the command line asks a Skytools script to do besides running.</summary>
public enum ScriptCommand
{
    Run,
    /// <summary>-r: SIGHUP to the running process (re-read config).</summary>
    Reload,
    /// <summary>-s: SIGINT (finish the current work and exit).</summary>
    Stop,
    /// <summary>-k: SIGTERM (exit now), SIGKILL if the process is still there after a grace time.</summary>
    Kill,
}
