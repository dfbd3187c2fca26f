namespace Skytools.Scripting;

/// <summary>The signals the script host sends and handles (Linux numbering, the same on the BSDs for these four).</summary>
public enum UnixSignal
{
    /// <summary>Probe only: is the process alive?</summary>
    None = 0,
    Hangup = 1,
    Interrupt = 2,
    Kill = 9,
    Terminate = 15,
}
