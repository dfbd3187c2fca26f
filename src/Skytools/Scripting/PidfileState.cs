namespace Skytools.Scripting;

/// <summary>What a pidfile says: nothing there, a process id that is gone (stale), or a live process.</summary>
public enum PidfileState
{
    Absent,
    Stale,
    Running,
}
