using Npgsql;
using PgQ.Internal;

namespace PgQ;

/// <summary>What <c>pgq.next_batch_info</c> / <c>pgq.next_batch_custom</c> return for an active batch.</summary>
internal sealed record BatchTicks(long BatchId, long PrevTickId, long TickId, DateTimeOffset PrevTickTime, DateTimeOffset TickTime)
{
    private const string Columns = "batch_id, prev_tick_id, cur_tick_id, prev_tick_time, cur_tick_time";

    /// <summary>
    /// Asks for the consumer's next batch (or the batch it has not finished yet), in autocommit: the batch's ticks are
    /// fixed once it is handed out, so a re-delivered batch is the same batch even with a custom size.
    /// </summary>
    /// <returns>The batch, or null when no batch is ready.</returns>
    public static async Task<BatchTicks?> NextAsync(NpgsqlConnection connection, PgQConsumerOptions options, CancellationToken cancellationToken)
    {
        await using var command = options.IsCustomBatch
            ? Parameters.Command(connection, $"select {Columns} from pgq.next_batch_custom($1, $2, $3, $4, $5)",
                Parameters.Text(options.QueueName), Parameters.Text(options.ConsumerName),
                Parameters.Interval(options.MinLag), Parameters.Integer(options.MinCount), Parameters.Interval(options.MinInterval))
            : Parameters.Command(connection, $"select {Columns} from pgq.next_batch_info($1, $2)",
                Parameters.Text(options.QueueName), Parameters.Text(options.ConsumerName));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(0))
        {
            return null;
        }
        return new BatchTicks(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2),
            reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4));
    }
}
