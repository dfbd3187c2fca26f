using System.Runtime.CompilerServices;
using Npgsql;
using PgQ;

namespace Londiste.Worker;

/// <summary>
/// The pgq calls a worker makes on its provider's queue: next batch, its events, finish. Batches are taken and
/// finished in autocommit; the events are read in a read-only provider transaction (a cursor when
/// <c>pgq_lazy_fetch</c> &gt; 0), so memory stays bounded for any batch size.
/// </summary>
internal static class ProviderQueue
{
    private const string EventColumns = "ev_id, ev_time, ev_txid, ev_retry, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4";
    private const string CursorName = "londiste_batch_walker";

    /// <summary>
    /// Roughly how many events a merged batch aims at unless <c>pgq_batch_collect_events</c> says otherwise (pgq's
    /// event positions count; at most about twice this).
    /// </summary>
    public const int MergedBatchEvents = 5000;

    // pgq.next_batch_custom with i_min_count = the consumer's pending events, at most mergeEvents: a batch from the
    // consumer's last tick to the newest tick when less than 2 * mergeEvents are pending, else to the first tick
    // with at least mergeEvents (pgq.find_tick_helper, same in the original). No pending events, or an unfinished
    // batch: NULL sizing, i.e. the one-tick batch (or the unfinished one) as pgq.next_batch_info gives.
    // A batch from tick A to tick C is the events between A's and C's snapshots, exactly those of A..B plus B..C:
    // merging never loses, repeats or reorders an event.
    private const string MergedNextBatch = """
        select b.batch_id, b.prev_tick_id, b.cur_tick_id, b.cur_tick_time
        from (select 1) one
        left join pgq.get_consumer_info($1, $2) ci on true
        cross join lateral pgq.next_batch_custom($1, $2, null,
            case when ci.current_batch is null and ci.pending_events > 0 then least(ci.pending_events, $3)::int4 end,
            null) b
        """;

    /// <summary>
    /// The consumer's next (or unfinished) batch; null when none is ready. With <paramref name="mergeEvents"/> &gt; 0
    /// a consumer that is behind gets the ticks up to the newest (or about that many events) in one batch.
    /// </summary>
    public static async Task<ProviderBatch?> NextBatchAsync(NpgsqlConnection provider, string queue, string consumer, int mergeEvents, CancellationToken cancellationToken)
    {
        await using var command = mergeEvents > 0
            ? LocalNode.Command(provider, MergedNextBatch, queue, consumer, (long)mergeEvents)
            : LocalNode.Command(provider,
                "select batch_id, prev_tick_id, cur_tick_id, cur_tick_time from pgq.next_batch_info($1, $2)", queue, consumer);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(0))
        {
            return null;
        }
        return new ProviderBatch(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3));
    }

    /// <summary>The batch's events in <c>ev_id</c> order. Runs inside a provider transaction the caller opened.</summary>
    public static async IAsyncEnumerable<PgQEvent> ReadEventsAsync(
        NpgsqlConnection provider, long batchId, int fetchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (fetchSize <= 0)
        {
            await using var all = LocalNode.Command(provider, $"select {EventColumns} from pgq.get_batch_events($1)", batchId);
            await using var reader = await all.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                yield return Read(reader);
            }
            yield break;
        }
        var buffer = new List<PgQEvent>(fetchSize);
        await using (var open = LocalNode.Command(provider,
            $"select {EventColumns} from pgq.get_batch_cursor($1, $2, $3)", batchId, CursorName, fetchSize))
        {
            await FillAsync(open, buffer, cancellationToken);
        }
        // get_batch_cursor returns the first fetchSize rows itself; fewer means the cursor is exhausted.
        var more = buffer.Count == fetchSize;
        while (buffer.Count > 0)
        {
            foreach (var ev in buffer)
            {
                yield return ev;
            }
            buffer.Clear();
            if (!more)
            {
                break;
            }
            await using var fetch = new NpgsqlCommand($"fetch {fetchSize} from {CursorName}", provider);
            await FillAsync(fetch, buffer, cancellationToken);
            more = buffer.Count == fetchSize;
        }
        await using var close = new NpgsqlCommand($"close {CursorName}", provider);
        await close.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <exception cref="InvalidOperationException">The batch is gone (consumer unregistered or moved meanwhile).</exception>
    public static async Task FinishBatchAsync(NpgsqlConnection provider, long batchId, CancellationToken cancellationToken)
    {
        await using var command = LocalNode.Command(provider, "select pgq.finish_batch($1)", batchId);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        if (result is not int done || done != 1)
        {
            throw new InvalidOperationException($"pgq.finish_batch({batchId}): batch not found on provider");
        }
    }

    /// <summary>
    /// Makes the provider's queue tick now, for the copy hand-over: each of its steps (first batch after the copy
    /// consumer's registration, the batch after the copy, the tick the copy catches up to, the main worker's batch
    /// that takes the table over) needs a new tick, and on an idle queue the ticker makes one only after its idle
    /// period (seconds; up to a minute in the original), which dominated the time to <c>ok</c> of small tables.
    /// <c>pgq.force_tick</c> moves the event sequence so that the ticker's next run ticks; on our pgq schema
    /// (recognised by <c>pgq.schema_migration</c>) the worker then runs <c>pgq.ticker(queue)</c> itself, which is
    /// safe there because our ticker locks the queue row (concurrent tickers serialise, tick ids and snapshots grow
    /// together). The original's ticker takes no such lock, so with its schema the worker leaves ticking to pgqd.
    /// A queue with an external ticker (a branch provider) ticks when its own worker copies upstream ticks.
    /// </summary>
    /// <returns>True when a tick was made now.</returns>
    public static async Task<bool> TickNowAsync(NpgsqlConnection provider, string queue, CancellationToken cancellationToken)
    {
        await using (var force = LocalNode.Command(provider, "select pgq.force_tick($1)", queue))
        {
            await force.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var tick = LocalNode.Command(provider,
            "select pgq.ticker(q.queue_name) from pgq.queue q where q.queue_name = $1 and not q.queue_external_ticker and not q.queue_ticker_paused and to_regclass('pgq.schema_migration') is not null",
            queue);
        try
        {
            return await tick.ExecuteScalarAsync(cancellationToken) is long;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // A role that may not read pgq.queue: the forced tick comes with pgqd's next run.
            return false;
        }
    }

    /// <summary><c>pgq.register_consumer</c> at the newest tick (no-op if registered); returns the consumer's tick.</summary>
    public static async Task<long> RegisterConsumerAsync(NpgsqlConnection provider, string queue, string consumer, CancellationToken cancellationToken)
    {
        await using (var register = LocalNode.Command(provider, "select pgq.register_consumer($1, $2)", queue, consumer))
        {
            await register.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var info = LocalNode.Command(provider,
            "select last_tick from pgq.get_consumer_info($1, $2)",
            queue, consumer);
        return (long)(await info.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task UnregisterConsumerAsync(NpgsqlConnection provider, string queue, string consumer, CancellationToken cancellationToken)
    {
        await using var command = LocalNode.Command(provider, "select pgq.unregister_consumer($1, $2)", queue, consumer);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task FillAsync(NpgsqlCommand command, List<PgQEvent> buffer, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            buffer.Add(Read(reader));
        }
    }

    private static PgQEvent Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetFieldValue<DateTimeOffset>(1),
        reader.GetInt64(2),
        reader.IsDBNull(3) ? null : reader.GetInt32(3),
        Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9));

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
