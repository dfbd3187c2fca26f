using System.Runtime.CompilerServices;
using Npgsql;
using PgQ.Internal;

namespace PgQ;

/// <summary>
/// One batch handed to a handler: the events committed between two ticks of the queue, read lazily from a
/// server-side cursor. Valid only while the handler runs.
/// </summary>
/// <remarks>
/// A batch is finished (the consumer moves past it) only after the handler returns without an exception; until then
/// the same batch, with the same ticks and events, is handed out again. The handler is called for empty batches too.
/// </remarks>
public sealed class PgQBatch
{
    // Our own constant, quoted the same way pgq.get_batch_cursor quotes it (quote_ident).
    private const string CursorName = "pgq_consumer_batch";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly BatchTransactionMode _mode;
    private readonly int _fetchSize;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<long, int> _retries = [];
    private bool _eventsRequested;
    private bool _sealed;

    internal PgQBatch(
        BatchTicks ticks, string queueName, string consumerName, NpgsqlConnection connection, NpgsqlTransaction transaction,
        BatchTransactionMode mode, int fetchSize, CancellationToken cancellationToken)
    {
        BatchId = ticks.BatchId;
        PrevTickId = ticks.PrevTickId;
        TickId = ticks.TickId;
        PrevTickTime = ticks.PrevTickTime;
        TickTime = ticks.TickTime;
        QueueName = queueName;
        ConsumerName = consumerName;
        _connection = connection;
        _transaction = transaction;
        _mode = mode;
        _fetchSize = fetchSize;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The batch id PgQ assigned; the same id comes back when the batch is re-delivered.</summary>
    public long BatchId { get; }

    /// <summary>The queue the batch comes from.</summary>
    public string QueueName { get; }

    /// <summary>The consumer the batch was handed to.</summary>
    public string ConsumerName { get; }

    /// <summary>The tick the batch starts after (the consumer's last finished tick).</summary>
    public long PrevTickId { get; }

    /// <summary>The tick the batch ends at; once finished, the consumer's position. Store it beside data written elsewhere to skip a re-delivered batch.</summary>
    public long TickId { get; }

    /// <summary>Time of <see cref="PrevTickId"/>.</summary>
    public DateTimeOffset PrevTickTime { get; }

    /// <summary>Time of <see cref="TickId"/>: every event of the batch committed before it.</summary>
    public DateTimeOffset TickTime { get; }

    /// <summary>
    /// The batch's events in <c>ev_id</c> order, fetched <see cref="PgQConsumerOptions.FetchSize"/> at a time from
    /// a cursor (<c>pgq.get_batch_cursor</c> + <c>FETCH</c>), so a batch of any size takes bounded memory. Can be
    /// enumerated once. Not enumerating, or stopping early, skips the remaining events: the batch is still
    /// finished when the handler returns.
    /// </summary>
    public IAsyncEnumerable<PgQEvent> Events => ReadEventsAsync();

    /// <summary>The database connection of the batch; only in <see cref="BatchTransactionMode.Shared"/> mode.</summary>
    /// <exception cref="InvalidOperationException">The consumer runs in <see cref="BatchTransactionMode.Separate"/> mode.</exception>
    public NpgsqlConnection Connection => _mode == BatchTransactionMode.Shared
        ? _connection
        : throw new InvalidOperationException("PgQBatch.Connection is available only with BatchTransactionMode.Shared");

    /// <summary>
    /// The transaction that finishes the batch; only in <see cref="BatchTransactionMode.Shared"/> mode. Write through
    /// <see cref="Connection"/> (commands join this transaction); never commit or roll it back yourself.
    /// </summary>
    /// <exception cref="InvalidOperationException">The consumer runs in <see cref="BatchTransactionMode.Separate"/> mode.</exception>
    public NpgsqlTransaction Transaction => _mode == BatchTransactionMode.Shared
        ? _transaction
        : throw new InvalidOperationException("PgQBatch.Transaction is available only with BatchTransactionMode.Shared");

    /// <summary>Events read from the cursor so far.</summary>
    public long EventsRead { get; private set; }

    /// <summary>The most events this batch held in memory at once (never more than the fetch size).</summary>
    internal int MaxEventsHeld { get; private set; }

    /// <summary>Events marked for retry: event id → delay in whole seconds.</summary>
    internal IReadOnlyDictionary<long, int> Retries => _retries;

    /// <summary>
    /// Marks an event of this batch for retry: when the batch finishes, the event goes to the retry queue
    /// (<c>pgq.event_retry</c>) and returns after <paramref name="delay"/> in a later batch, to this consumer only,
    /// with <see cref="PgQEvent.RetryCount"/> one higher. If the batch does not finish, the mark is forgotten with it.
    /// Marking the same event again replaces the delay.
    /// </summary>
    public void Retry(PgQEvent ev, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(ev);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        if (_sealed)
        {
            throw new InvalidOperationException($"batch {BatchId} is already complete; mark events for retry inside the handler");
        }
        _retries[ev.Id] = (int)Math.Min(int.MaxValue, Math.Ceiling(delay.TotalSeconds));
    }

    /// <summary>Called when the handler returned: no more reads or retry marks.</summary>
    internal void Seal() => _sealed = true;

    private async IAsyncEnumerable<PgQEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken enumeratorToken = default)
    {
        if (_sealed)
        {
            throw new InvalidOperationException($"batch {BatchId} is already complete; read its events inside the handler");
        }
        if (_eventsRequested)
        {
            throw new InvalidOperationException($"the events of batch {BatchId} can be enumerated only once");
        }
        _eventsRequested = true;
        using var linked = enumeratorToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, enumeratorToken) : null;
        var cancellationToken = linked?.Token ?? _cancellationToken;

        var buffer = new List<PgQEvent>(_fetchSize);
        await using (var open = Parameters.Command(_connection, $"select {EventRows.Columns} from pgq.get_batch_cursor($1, $2, $3)",
            Parameters.Bigint(BatchId), Parameters.Text(CursorName), Parameters.Integer(_fetchSize)))
        {
            await FillAsync(open, buffer, cancellationToken);
        }
        while (buffer.Count > 0)
        {
            foreach (var ev in buffer)
            {
                yield return ev;
            }
            if (buffer.Count < _fetchSize)
            {
                break; // A short block is the last one: no round trip to learn that the cursor is exhausted.
            }
            buffer.Clear();
            await using var fetch = new NpgsqlCommand($"fetch forward {_fetchSize} from \"{CursorName}\"", _connection);
            await FillAsync(fetch, buffer, cancellationToken);
        }
        // Frees the cursor's sort on the server now rather than at commit, which may come after a long handler.
        await using var close = new NpgsqlCommand($"close \"{CursorName}\"", _connection);
        await close.ExecuteNonQueryAsync(cancellationToken);
    }

    // Reads one block completely before yielding any event, so the connection is free for the handler's own
    // commands (Shared mode) while it processes the block.
    private async Task FillAsync(NpgsqlCommand command, List<PgQEvent> buffer, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            buffer.Add(EventRows.Read(reader));
        }
        EventsRead += buffer.Count;
        MaxEventsHeld = Math.Max(MaxEventsHeld, buffer.Count);
    }
}
