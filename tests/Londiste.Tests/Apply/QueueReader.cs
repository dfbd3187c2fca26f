using Npgsql;
using PgQ;
using PgQ.Events;

namespace Londiste.Tests.Apply;

/// <summary>
/// Reads a source database's queue the way a consumer does: <c>pgq.ticker</c> closes a batch, <c>pgq.next_batch</c>
/// and <c>pgq.get_batch_events</c> hand it out, <c>pgq.finish_batch</c> moves past it.
/// </summary>
internal static class QueueReader
{
    public const string Queue = "q";
    public const string Consumer = "apply_test";

    public static async Task CreateAsync(NpgsqlConnection source)
    {
        await source.ExecAsync("select pgq.create_queue($1)", Queue);
        await source.ExecAsync("select pgq.register_consumer($1, $2)", Queue, Consumer);
        // Tick whenever there is a new event: each call of NextBatchAsync closes a batch.
        await source.ExecAsync("select pgq.set_queue_config($1, 'ticker_max_count', '1')", Queue);
    }

    /// <summary>Ticks and decodes the next batch (every event committed since the last call).</summary>
    public static async Task<List<RowChange>> NextBatchAsync(NpgsqlConnection source)
    {
        await source.ExecAsync("select pgq.ticker($1)", Queue);
        var batchId = await source.ScalarAsync<long>("select pgq.next_batch($1, $2)", Queue, Consumer);
        var changes = new List<RowChange>();
        await using (var command = new NpgsqlCommand(
            "select ev_id, ev_time, ev_txid, ev_retry, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4 from pgq.get_batch_events($1)",
            source))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batchId });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var ev = new PgQEvent(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3), Text(reader, 4), Text(reader, 5), Text(reader, 6),
                    Text(reader, 7), Text(reader, 8), Text(reader, 9));
                changes.Add(RowChangeDecoder.Decode(ev));
            }
        }

        await source.ExecAsync("select pgq.finish_batch($1)", batchId);
        return changes;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
