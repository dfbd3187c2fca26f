namespace Pgqd;

/// <summary>
/// What the ticker loop of one database has found out, for the maintenance and retry loops: they work
/// only while the ticker has a working connection to a database with a usable pgq (as in the original,
/// where they start after the version check), so an outage is reported once, by the ticker.
/// </summary>
internal sealed class DatabaseState
{
    private volatile bool _pgqReady;
    private int _generation;
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool PgqReady => _pgqReady;

    /// <summary>
    /// Counts the times the ticker (re)gained the database. A connection a loop opened in an earlier
    /// generation went through an outage and is replaced before use, instead of failing once more.
    /// </summary>
    public int Generation => Volatile.Read(ref _generation);

    public void SetReady(bool ready)
    {
        if (ready && !_pgqReady)
        {
            Interlocked.Increment(ref _generation);
        }
        _pgqReady = ready;
        if (ready)
        {
            Volatile.Read(ref _ready).TrySetResult();
        }
        else if (Volatile.Read(ref _ready).Task.IsCompleted)
        {
            Interlocked.Exchange(ref _ready, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    /// <summary>Completes when pgq is (or becomes) usable.</summary>
    public Task WaitReadyAsync(CancellationToken cancellationToken) =>
        _pgqReady ? Task.CompletedTask : Volatile.Read(ref _ready).Task.WaitAsync(cancellationToken);
}
