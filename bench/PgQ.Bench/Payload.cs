using System.Globalization;

namespace PgQ.Bench;

/// <summary>
/// Event payloads shaped like the seed's urlencoded pgbench_history rows (~100 bytes), tagged with
/// the producer and its own sequence number so the consumer can account for every event.
/// </summary>
internal static class Payload
{
    private const string Filler = "&bid=1&tid=7&delta=-2261&mtime=2026-11-24+02%3a34%3a49.443518&filler=";

    public static string Create(int producer, int sequence)
    {
        var aid = (sequence * 7919 + producer) % 100000 + 1;
        return string.Create(CultureInfo.InvariantCulture, $"producer={producer}&seq={sequence}&aid={aid}{Filler}");
    }

    public static (int Producer, int Sequence) Parse(string payload)
    {
        var span = payload.AsSpan();
        const string producerKey = "producer=";
        const string sequenceKey = "&seq=";
        if (!span.StartsWith(producerKey, StringComparison.Ordinal))
        {
            throw new BenchmarkFailedException($"received a payload the benchmark did not write: {payload}");
        }
        span = span[producerKey.Length..];
        var split = span.IndexOf(sequenceKey, StringComparison.Ordinal);
        if (split < 0)
        {
            throw new BenchmarkFailedException($"received a payload the benchmark did not write: {payload}");
        }
        var producer = int.Parse(span[..split], CultureInfo.InvariantCulture);
        span = span[(split + sequenceKey.Length)..];
        var end = span.IndexOf('&');
        var sequence = int.Parse(end < 0 ? span : span[..end], CultureInfo.InvariantCulture);
        return (producer, sequence);
    }
}
