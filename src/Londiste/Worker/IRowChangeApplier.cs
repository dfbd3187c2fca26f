using Npgsql;
using PgQ.Events;

namespace Londiste.Worker;

/// <summary>
/// Applies decoded row changes to local tables inside the worker's batch transaction. The worker calls
/// <see cref="ApplyAsync"/> per data event in queue order and <see cref="FlushAsync"/> before any non-data event
/// (truncate, EXECUTE, control events) and at the end of the batch; an implementation may buffer in between.
/// One instance serves one worker loop (not thread-safe).
/// </summary>
/// <remarks>The swap point for <c>Londiste.Apply.BatchApplier</c>: <see cref="ReplicationWorker"/> creates the applier in one place.</remarks>
public interface IRowChangeApplier
{
    /// <summary>Applies (or buffers) one change to <paramref name="destTable"/> (<c>schema.table</c>, unquoted).</summary>
    ValueTask ApplyAsync(NpgsqlConnection connection, string destTable, RowChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Allows (or forbids) sending buffered changes in the background while the caller goes on reading the batch from
    /// the provider. Allowed only when the caller uses the local connection through this applier alone until the
    /// next <see cref="FlushAsync"/> (not on a branch, which copies every event into its own queue meanwhile). An
    /// implementation may always send in the foreground.
    /// </summary>
    void AllowBackgroundApply(bool allowed);

    /// <summary>Sends everything buffered; errors surface here at the latest.</summary>
    ValueTask FlushAsync(NpgsqlConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets what is buffered and waits for anything still being sent, ignoring its outcome: the batch is being
    /// abandoned (its transaction rolls back) and will be read again from the start, so nothing of it may be carried
    /// into the next try.
    /// </summary>
    ValueTask DiscardAsync();
}
