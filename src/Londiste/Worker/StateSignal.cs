namespace Londiste.Worker;

/// <summary>
/// Wakes the main worker and the copy tasks of one process when one of them changed a table state, so an in-process
/// hand-over does not wait for the poll interval. Waiting still times out: the database is the truth, the signal a hint.
/// </summary>
internal sealed class StateSignal
{
    private TaskCompletionSource _signal = New();

    public void Pulse() => Interlocked.Exchange(ref _signal, New()).TrySetResult();

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Volatile.Read(ref _signal).Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Polled the whole interval.
        }
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
