namespace PgQ.Bench;

/// <summary>Peak resident memory of this process (VmHWM), reset between runs where Linux allows it.</summary>
internal static class PeakMemory
{
    /// <summary>Resets VmHWM to the current RSS (writing 5 to /proc/self/clear_refs); false where that is not possible.</summary>
    public static bool TryReset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static double PeakMegabytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]);
                    return kilobytes / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
