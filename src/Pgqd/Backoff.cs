namespace Pgqd;

/// <summary>
/// Waits between attempts at a failing database: short at first (a restart is often over in seconds),
/// doubling up to a cap (a long outage costs one attempt and one log line per cap interval).
/// </summary>
internal sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public Backoff(TimeSpan initial, TimeSpan max)
    {
        _initial = initial;
        _max = max < initial ? initial : max;
        _next = initial;
    }

    public bool Failing { get; private set; }

    public TimeSpan Next()
    {
        var current = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, _max.Ticks));
        Failing = true;
        return current;
    }

    public void Reset()
    {
        _next = _initial;
        Failing = false;
    }
}
