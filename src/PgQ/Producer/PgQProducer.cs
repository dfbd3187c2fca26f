using Npgsql;
using NpgsqlTypes;
using PgQ.Internal;

namespace PgQ;

/// <summary>
/// Puts events into one queue. An event inserted on a connection that is inside a transaction commits or rolls
/// back with that transaction, so the event exists exactly when the application's own change does.
/// </summary>
/// <remarks>
/// Consumers see an event only after its transaction commits and a tick follows; the event's id comes from a
/// sequence, so ids follow insertion order, not commit order. Insert from READ COMMITTED transactions (PostgreSQL's
/// default): the queue's current event table is looked up with the statement's snapshot, and a REPEATABLE READ
/// snapshot taken before a table rotation would point at a table the rotation has retired (the same holds for
/// <c>pgq.insert_event</c> itself).
/// </remarks>
public sealed class PgQProducer
{
    // Statements per chunk on the insert_event path: bounds the size of one parameter message, not the atomicity
    // (the caller's transaction covers every chunk).
    private const int ArrayChunkSize = 10_000;

    /// <summary>Creates a producer for the queue <paramref name="queueName"/> (which must exist when events are inserted).</summary>
    public PgQProducer(string queueName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueName);
        QueueName = queueName;
    }

    /// <summary>The queue events go to.</summary>
    public string QueueName { get; }

    /// <summary>
    /// Inserts one event with <c>pgq.insert_event(queue, type, data)</c>, or the 7-argument form when any extra
    /// field is set, in the connection's current transaction (or on its own when there is none).
    /// </summary>
    /// <returns>The new event's id (<c>ev_id</c>).</returns>
    public async Task<long> InsertEventAsync(NpgsqlConnection connection, PgQEventPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(payload);
        await using var command = payload.HasExtras
            ? Parameters.Command(connection, "select pgq.insert_event($1, $2, $3, $4, $5, $6, $7)",
                Parameters.Text(QueueName), Parameters.Text(payload.Type), Parameters.Text(payload.Data),
                Parameters.Text(payload.Extra1), Parameters.Text(payload.Extra2), Parameters.Text(payload.Extra3), Parameters.Text(payload.Extra4))
            : Parameters.Command(connection, "select pgq.insert_event($1, $2, $3)",
                Parameters.Text(QueueName), Parameters.Text(payload.Type), Parameters.Text(payload.Data));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Inserts one event with <c>pgq.insert_event(queue, type, data)</c>; see <see cref="InsertEventAsync(NpgsqlConnection, PgQEventPayload, CancellationToken)"/>.</summary>
    public Task<long> InsertEventAsync(NpgsqlConnection connection, string? type, string? data, CancellationToken cancellationToken) =>
        InsertEventAsync(connection, new PgQEventPayload(type, data), cancellationToken);

    /// <summary>Inserts one event in a transaction of its own, on a connection taken from <paramref name="dataSource"/>.</summary>
    /// <returns>The new event's id (<c>ev_id</c>).</returns>
    public async Task<long> InsertEventAsync(NpgsqlDataSource dataSource, PgQEventPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await InsertEventAsync(connection, payload, cancellationToken);
    }

    /// <summary>
    /// Inserts many events inside the caller's <paramref name="transaction"/>: they commit or roll back with it.
    /// Ids are assigned in the order of <paramref name="events"/>, which is streamed, not buffered.
    /// </summary>
    /// <returns>How many events were inserted.</returns>
    public async Task<long> InsertEventsAsync(NpgsqlTransaction transaction, IEnumerable<PgQEventPayload> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(events);
        var connection = transaction.Connection
            ?? throw new InvalidOperationException("the transaction is already completed; pass an open transaction");
        var target = await BulkTarget.ResolveAsync(connection, QueueName, cancellationToken);
        return target.CanCopy
            ? await CopyAsync(connection, target, events, cancellationToken)
            : await InsertViaFunctionAsync(connection, events, cancellationToken);
    }

    /// <summary>Inserts many events in one transaction of its own, on a connection taken from <paramref name="dataSource"/>.</summary>
    /// <returns>How many events were inserted.</returns>
    public async Task<long> InsertEventsAsync(NpgsqlDataSource dataSource, IEnumerable<PgQEventPayload> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var count = await InsertEventsAsync(transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    // The fast path. Measured on this project's 2-core machine, PostgreSQL 15, 100,000 events of ~100 bytes in one
    // transaction (server time, psql): COPY into pgq.current_event_table() takes ~2.2 µs per event with both our
    // schema and the original; one statement calling pgq.insert_event over unnest()ed arrays takes ~25 µs per event
    // with our PL/pgSQL insert_event and ~11 µs with the original's C insert_event_raw (a function call, queue lookup
    // and single-row insert per event). COPY is safe within the caller's transaction: the table name is only valid in
    // this transaction (rotation may switch it later, and readers consult the previous table too), ev_id comes from
    // the column default (the queue's sequence, so the ticker sees the activity) and ev_txid from txid_current(),
    // exactly as insert_event sets them; ev_time is the transaction's now(), which insert_event uses too.
    private static async Task<long> CopyAsync(NpgsqlConnection connection, BulkTarget target, IEnumerable<PgQEventPayload> events, CancellationToken cancellationToken)
    {
        var sql = $"copy {target.QuotedTable} (ev_time, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4) from stdin (format binary)";
        await using var importer = await connection.BeginBinaryImportAsync(sql, cancellationToken);
        long count = 0;
        foreach (var payload in events)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(target.Now, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteTextAsync(importer, payload.Type, cancellationToken);
            await WriteTextAsync(importer, payload.Data, cancellationToken);
            await WriteTextAsync(importer, payload.Extra1, cancellationToken);
            await WriteTextAsync(importer, payload.Extra2, cancellationToken);
            await WriteTextAsync(importer, payload.Extra3, cancellationToken);
            await WriteTextAsync(importer, payload.Extra4, cancellationToken);
            count++;
        }
        await importer.CompleteAsync(cancellationToken);
        return count;
    }

    private static async Task WriteTextAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        }
    }

    // The path that keeps every rule insert_event enforces (per-transaction limit, no direct table privilege needed).
    private async Task<long> InsertViaFunctionAsync(NpgsqlConnection connection, IEnumerable<PgQEventPayload> events, CancellationToken cancellationToken)
    {
        long count = 0;
        foreach (var chunk in events.Chunk(ArrayChunkSize))
        {
            // One statement per chunk; unnest yields rows in array order, so ev_ids follow the input order.
            await using var command = Parameters.Command(connection,
                "select pgq.insert_event($1, u.t, u.d, u.e1, u.e2, u.e3, u.e4) " +
                "from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as u(t, d, e1, e2, e3, e4)",
                Parameters.Text(QueueName),
                Parameters.TextArray(chunk.Select(e => e.Type).ToArray()),
                Parameters.TextArray(chunk.Select(e => e.Data).ToArray()),
                Parameters.TextArray(chunk.Select(e => e.Extra1).ToArray()),
                Parameters.TextArray(chunk.Select(e => e.Extra2).ToArray()),
                Parameters.TextArray(chunk.Select(e => e.Extra3).ToArray()),
                Parameters.TextArray(chunk.Select(e => e.Extra4).ToArray()));
            await command.ExecuteNonQueryAsync(cancellationToken);
            count += chunk.Length;
        }
        return count;
    }
}
