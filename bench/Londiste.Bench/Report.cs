using System.Globalization;
using System.Text;

namespace Londiste.Bench;

/// <summary>The results file (markdown).</summary>
internal static class Report
{
    public static string Write(List<(ApplyResult Result, bool Equal)> results, long produced, double produceSeconds, int batchSize, int users, string serverVersion)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"# Apply engine (BatchApplier) on a seed-like backlog ({DateTime.UtcNow:yyyy-MM-dd})");
        text.AppendLine();
        text.AppendLine("Written by `bench/Londiste.Bench` (`dotnet run -c Release --project bench/Londiste.Bench`).");
        text.AppendLine(c, $"Machine: {Environment.ProcessorCount} cores ({Cpu()}), shared with other engineers' builds and tests; {serverVersion}.");
        text.AppendLine();
        text.AppendLine(c, $"Backlog: {produced:N0} events written by our `pgq.logutriga` on the seed's four tables (`digoal.user_info`, `user_session`, `user_login_rec`, `user_logout_rec`; {users:N0} users):");
        text.AppendLine("the seed's login/logout pgbench scripts (insert a login or logout record, update the session) plus an update of user_info every tenth round;");
        text.AppendLine(c, $"one transaction and one tick per ~{batchSize:N0} events (written in {produceSeconds:F0} s).");
        text.AppendLine("Each mode drains the whole backlog through its own consumer into its own target database, as the worker would: per batch `pgq.next_batch` + `pgq.get_batch_events` "
            + "on the source, `RowChangeDecoder.Decode`, then one target transaction (`set local session_replication_role = replica`, `BatchApplier.ApplyAsync`, commit), then `pgq.finish_batch`. "
            + "Afterwards every table of the target is compared with the source (md5 of all rows' text).");
        text.AppendLine();
        text.AppendLine("| mode | events | batches | end to end ev/s | apply ev/s | statements | round trips | peak RSS MB | client CPU s | load avg (1/5/15 min) | target = source |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var (r, equal) in results)
        {
            text.AppendLine(c, $"| {r.Mode} | {r.Events:N0} | {r.Batches} | {r.Events / r.TotalSeconds:N0} | {r.Events / r.ApplySeconds:N0} | {r.Statistics.Statements:N0} | {r.Statistics.RoundTrips:N0} | {r.PeakRssMegabytes:F0} | {r.ClientCpuSeconds:F1} | {r.LoadAverage} | {(equal ? "yes" : "NO")} |");
        }

        text.AppendLine();
        text.AppendLine("- **end to end ev/s**: events / wall time of the whole drain (reading from the queue, decoding, applying, committing, finishing batches).");
        text.AppendLine("- **apply ev/s**: events / time inside the target transaction (`ApplyAsync` + commit) only.");
        text.AppendLine("- **client CPU s**: CPU time of the benchmark process (read, decode, apply) during the drain; the rest of the wall time is PostgreSQL's.");
        text.AppendLine("- **load avg**: /proc/loadavg after the drain; above 2 the two cores were shared with other work and every figure is lower than on an idle machine.");
        text.AppendLine("- **peak RSS**: VmHWM of the benchmark process during the drain (reset before each mode).");
        text.AppendLine("- For comparison (DESIGN.md, same machine): the original Londiste applies 12,000–15,000 events/s; native logical replication 22,000–31,000 rows/s.");
        return text.ToString();
    }

    private static string Cpu()
    {
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
    }
}
