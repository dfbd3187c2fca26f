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

    /// <summary>
    /// Puts an ignored signal back to its default action. A program started with '&amp;' from a script
    /// inherits SIGINT as ignored (under nohup, SIGHUP), and .NET installs no handler for an ignored
    /// signal: without this, `pgqd -s` and `-r` would be silently lost. A signal that is not ignored is
    /// left alone, since the runtime may already have its own handler on it. Call right before
    /// registering the handler. Linux only (reads /proc); elsewhere nothing changes.
    /// </summary>
    public static void ResetIfIgnored(UnixSignal signal)
    {
        if (IgnoredSignals() is { } mask && (mask & (1UL << ((int)signal - 1))) != 0)
        {
            SetHandler((int)signal, 0);
        }
    }

    private static ulong? IgnoredSignals()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            return line is not null && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var mask)
                ? mask
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint SetHandler(int signal, nint handler);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
