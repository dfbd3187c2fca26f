using Npgsql;
using NpgsqlTypes;
using PgQ;

namespace Londiste.Worker;

/// <summary>
/// A branch node's copy of the provider's events into its own queue, with the same <c>ev_id</c>s, inside the batch
/// transaction; after the commit the branch ticks its queue with the provider's tick id and time, so the batches
/// downstream have the same boundaries (and tick ids) as upstream.
/// </summary>
internal sealed class BranchQueueWriter
{
    private const int MaxBuffered = 500;
    private readonly string _queue;
    private readonly List<PgQEvent> _buffer = [];

    public BranchQueueWriter(string queue) => _queue = queue;

    /// <summary>Highest ev_id copied so far: the event sequence position of the next tick.</summary>
    public long MaxEventId { get; set; }

    public async ValueTask AddAsync(NpgsqlConnection local, PgQEvent ev, CancellationToken cancellationToken)
    {
        _buffer.Add(ev);
        MaxEventId = Math.Max(MaxEventId, ev.Id);
        if (_buffer.Count >= MaxBuffered)
        {
            await FlushAsync(local, cancellationToken);
        }
    }

    /// <summary>The batch is abandoned: its buffered events go (the batch is read again from the start).</summary>
    public void Discard() => _buffer.Clear();

    /// <summary>
    /// Inserts the buffered events into the queue's current event table. The branch queue refuses ordinary inserts;
    /// the replica session role lets the worker write (as the original's bulk insert does).
    /// </summary>
    public async Task FlushAsync(NpgsqlConnection local, CancellationToken cancellationToken)
    {
        if (_buffer.Count == 0)
        {
            return;
        }
        string table;
        await using (var current = LocalNode.Command(local, "select pgq.current_event_table($1)", _queue))
        {
            table = (string)(await current.ExecuteScalarAsync(cancellationToken))!;
        }
        // current_event_table returns a quoted, schema-qualified name.
        await using var insert = new NpgsqlCommand(
            $"insert into {table} (ev_id, ev_time, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4) "
            + "select * from unnest($1::int8[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])",
            local);
        insert.Parameters.Add(new NpgsqlParameter { Value = _buffer.Select(e => e.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        insert.Parameters.Add(new NpgsqlParameter { Value = _buffer.Select(e => e.Time).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        AddText(insert, e => e.Type);
        AddText(insert, e => e.Data);
        AddText(insert, e => e.Extra1);
        AddText(insert, e => e.Extra2);
        AddText(insert, e => e.Extra3);
        AddText(insert, e => e.Extra4);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        _buffer.Clear();
    }

    /// <summary>Forgets buffered events (the batch transaction rolled back).</summary>
    public void Clear() => _buffer.Clear();

    /// <summary>Ticks the branch queue with the provider's tick, in autocommit after the batch committed.</summary>
    public async Task TickAsync(NpgsqlConnection local, ProviderBatch batch, CancellationToken cancellationToken)
    {
        await using var tick = LocalNode.Command(local, "select pgq.ticker($1, $2, $3, $4)", _queue, batch.TickId, batch.TickTime, MaxEventId);
        await tick.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The newest tick of the local queue and its event position; (0, 0) before the first tick.</summary>
    public async Task<(long TickId, long EventSeq)> LastTickAsync(NpgsqlConnection local, CancellationToken cancellationToken)
    {
        await using var command = LocalNode.Command(local,
            "select t.tick_id, t.tick_event_seq from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue where q.queue_name = $1 order by t.tick_id desc limit 1",
            _queue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    private void AddText(NpgsqlCommand command, Func<PgQEvent, string?> field) =>
        command.Parameters.Add(new NpgsqlParameter { Value = _buffer.Select(field).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
}
