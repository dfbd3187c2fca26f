using System.Runtime.InteropServices;

namespace Skytools.Scripting;

/// <summary>kill(2), which .NET does not expose for arbitrary signals (SIGHUP, SIGINT) to another process.</summary>
internal static partial class PosixProcess
{
    private const int NoSuchProcess = 3; // ESRCH
    private const int NotPermitted = 1; // EPERM

    /// <summary>True when a process with this id exists (even one owned by another user, which we may not signal).</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }
        if (Kill(pid, 0) == 0)
        {
            return true;
        }
        return Marshal.GetLastPInvokeError() == NotPermitted;
    }

    /// <summary>Sends a signal; false when the process does not exist. Other failures (permissions) throw.</summary>
    public static bool Send(int pid, UnixSignal signal)
    {
        if (pid <= 0)
        {
            return false;
        }
        if (Kill(pid, (int)signal) == 0)
        {
            return true;
        }
        var error = Marshal.GetLastPInvokeError();
        if (error == NoSuchProcess)
        {
            return false;
        }
        throw new InvalidOperationException($"cannot send signal {signal} to process {pid}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
