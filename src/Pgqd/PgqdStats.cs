namespace Pgqd;

/// <summary>Counters for the periodic stats line, shared by all databases; read-and-reset by the stats loop.</summary>
internal sealed class PgqdStats
{
    private long _ticks;
    private long _maint;
    private long _retry;

    public void AddTick() => Interlocked.Increment(ref _ticks);

    public void AddMaint() => Interlocked.Increment(ref _maint);

    public void AddRetry(long events) => Interlocked.Add(ref _retry, events);

    public (long Ticks, long Maint, long Retry) TakeSnapshot() =>
        (Interlocked.Exchange(ref _ticks, 0), Interlocked.Exchange(ref _maint, 0), Interlocked.Exchange(ref _retry, 0));
}
