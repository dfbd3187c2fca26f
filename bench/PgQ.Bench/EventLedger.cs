using System.Collections;

namespace PgQ.Bench;

/// <summary>
/// Which events the consumer received, one bit per (producer, sequence number): a duplicate is seen
/// the moment it arrives, a loss when the totals are compared with what the producers committed.
/// Used by the single consumer task only.
/// </summary>
internal sealed class EventLedger(int producers)
{
    private readonly BitArray[] _seen = [.. Enumerable.Range(0, producers).Select(_ => new BitArray(1024))];
    private readonly long[] _counts = new long[producers];

    public long Total { get; private set; }

    /// <summary>Records one received payload; throws on a duplicate or a payload no producer wrote.</summary>
    public void Record(string payload)
    {
        var (producer, sequence) = Payload.Parse(payload);
        if (producer < 0 || producer >= _seen.Length)
        {
            throw new BenchmarkFailedException($"received an event from unknown producer {producer}: {payload}");
        }
        var bits = _seen[producer];
        if (sequence >= bits.Length)
        {
            bits.Length = Math.Max(bits.Length * 2, sequence + 1);
        }
        if (bits[sequence])
        {
            throw new BenchmarkFailedException($"event {producer}:{sequence} was delivered twice");
        }
        bits[sequence] = true;
        _counts[producer]++;
        Total++;
    }

    /// <summary>Every producer's committed events 0..n-1 were received, and nothing else.</summary>
    public void VerifyExactly(IReadOnlyList<long> committed)
    {
        for (var p = 0; p < _seen.Length; p++)
        {
            if (_counts[p] != committed[p])
            {
                throw new BenchmarkFailedException(
                    $"producer {p} committed {committed[p]} events but the consumer received {_counts[p]}");
            }
            var bits = _seen[p];
            for (var n = 0; n < committed[p]; n++)
            {
                if (!bits[n])
                {
                    throw new BenchmarkFailedException($"event {p}:{n} was committed but never delivered");
                }
            }
        }
    }
}
