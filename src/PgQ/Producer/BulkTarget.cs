using Npgsql;
using PgQ.Internal;

namespace PgQ;

/// <summary>
/// Where a bulk insert writes inside the current transaction, and whether COPY may bypass <c>pgq.insert_event</c>.
/// </summary>
/// <param name="QuotedTable">The queue's current event table, quoted by PostgreSQL (<c>regclass</c> output).</param>
/// <param name="Now">The transaction's <c>now()</c>: the <c>ev_time</c> insert_event would have given.</param>
/// <param name="CanCopy">
/// COPY writes the table directly, so it is used only when that changes nothing: no per-transaction event limit on
/// the queue (only insert_event counts events per transaction) and the role may insert into the table and draw ids
/// from the queue's sequence (the original grants that to pgq_admin only; pgq_writer gets insert_event).
/// </param>
internal sealed record BulkTarget(string QuotedTable, DateTimeOffset Now, bool CanCopy)
{
    public static async Task<BulkTarget> ResolveAsync(NpgsqlConnection connection, string queueName, CancellationToken cancellationToken)
    {
        // The transaction's txid must exist before the table name is read (in a later statement, so with a later
        // snapshot), as insert_event_raw does: then either the name already reflects a rotation that committed, or
        // the rotation's step2 txid is above ours and readers consult the previous table for our events. Reading the
        // name first and getting a txid afterwards could put events into a table no batch reads any more.
        await using (var assign = new NpgsqlCommand("select txid_current()", connection))
        {
            await assign.ExecuteScalarAsync(cancellationToken);
        }
        // pgq.current_event_table also refuses a queue with inserts disabled (unless in replica role), as insert_event does.
        await using var command = Parameters.Command(connection,
            """
            select t.name::regclass::text,
                   now(),
                   q.queue_per_tx_limit is null
                     and has_table_privilege(t.name::regclass, 'insert')
                     and has_sequence_privilege(q.queue_event_seq, 'usage')
              from (select pgq.current_event_table($1) as name) t
              join pgq.queue q on q.queue_name = $1
            """,
            Parameters.Text(queueName));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"queue \"{queueName}\" not found: create it with pgq.create_queue first");
        }
        return new BulkTarget(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetBoolean(2));
    }
}
