namespace PgQ.Bench;

/// <summary>What the figures were measured on.</summary>
internal sealed record BenchEnvironment(
    DateTime Date, int Cores, string CpuModel, double MemoryGigabytes, string Os,
    string PostgresVersion, string OurVersion, string? OriginalVersion)
{
    public static string ReadCpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    /// <summary>The 1-minute load average: how much else competed for the cores during a run.</summary>
    public static double ReadLoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    public static double ReadMemoryGigabytes() =>
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
}
