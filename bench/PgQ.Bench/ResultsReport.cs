using System.Globalization;
using System.Text;

namespace PgQ.Bench;

/// <summary>The markdown file with every run side by side, and the environment it ran in.</summary>
internal static class ResultsReport
{
    public static string Render(BenchEnvironment environment, BenchOptions options, IReadOnlyList<RunResult> results, IReadOnlyList<string> notes)
    {
        var text = new StringBuilder();
        text.AppendLine("# PgQ throughput: insert_event → ticker → consumer");
        text.AppendLine();
        text.AppendLine($"- Date: {environment.Date:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine($"- Machine: {environment.Cores} cores ({environment.CpuModel}), {environment.MemoryGigabytes:0} GB RAM, {environment.Os}");
        text.AppendLine($"- PostgreSQL: {environment.PostgresVersion} (throwaway cluster on 127.0.0.1, fsync off, synchronous_commit off)");
        text.AppendLine($"- Implementations: ours = {environment.OurVersion}; original = {environment.OriginalVersion ?? "not installed"}");
        text.AppendLine(
            $"- Workload: each producer commits transactions of {options.EventsPerTransaction} `pgq.insert_event('bench', 'bench', payload)` " +
            $"(~100-byte urlencoded payload; the inserts go as one prepared batch, then COMMIT) for {options.Seconds} s; " +
            $"`pgq.ticker()` every {options.TickMilliseconds} ms (queue ticker_max_lag = {options.TickMilliseconds} ms); one consumer: " +
            "`next_batch`, `get_batch_cursor` + `FETCH 1000`, `finish_batch`, one transaction per batch.");
        text.AppendLine(
            "- produced ev/s = events / production seconds; consumed ev/s = events / seconds from start until the consumer " +
            "had every event (production + drain). Every run checks that each committed event was consumed exactly once.");
        text.AppendLine("- lag at stop = the consumer's lag (`get_consumer_info`) when the producers stopped; peak RSS = VmHWM of the benchmark process during the run; " +
            "load 1m = the machine's 1-minute load average at the end of the run (other work on the machine makes figures noisy).");
        foreach (var note in notes)
        {
            text.AppendLine($"- Note: {note}");
        }
        text.AppendLine();
        text.Append(Table(results));
        return text.ToString();
    }

    public static string Table(IReadOnlyList<RunResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| implementation | producers | produced ev/s | consumed ev/s | events | seconds | drain s | batches | lag at stop | peak RSS MB | load 1m |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var lag = r.LagAtStop is { } l ? l.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "-";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Implementation} | {r.Producers} | {r.ProducedPerSecond:#,0} | {r.ConsumedPerSecond:#,0} | {r.Events:#,0} | {r.ProduceSeconds:0.0} | {r.DrainSeconds:0.00} | {r.Batches:#,0} | {lag} | {r.PeakRssMegabytes:0} | {r.LoadAverage:0.0} |"));
        }
        return text.ToString();
    }
}
