using Npgsql;

namespace PgQ.Bench;

/// <summary>
/// A consumer as Skytools' Consumer runs one: per batch one transaction with next_batch, the
/// events streamed through get_batch_cursor + FETCH, and finish_batch. Every event goes into the
/// ledger, which fails on a duplicate.
/// </summary>
internal sealed class BatchConsumer(NpgsqlConnection connection, string queue, string consumer, EventLedger ledger)
{
    private const string Cursor = "bench_events";
    private const int FetchSize = 1000;

    public long Batches { get; private set; }

    /// <summary>Consumes batches until none is ready; returns how many events they held.</summary>
    public async Task<long> ConsumeAvailableAsync(CancellationToken cancellationToken)
    {
        long events = 0;
        while (true)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            long batch;
            await using (var next = new NpgsqlCommand("select pgq.next_batch($1, $2)", connection))
            {
                next.Parameters.Add(new NpgsqlParameter<string> { TypedValue = queue });
                next.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
                if (await next.ExecuteScalarAsync(cancellationToken) is not long id)
                {
                    await transaction.CommitAsync(cancellationToken);
                    return events;
                }
                batch = id;
            }
            await using (var first = new NpgsqlCommand($"select ev_data from pgq.get_batch_cursor($1, '{Cursor}', {FetchSize})", connection))
            {
                first.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batch });
                var rows = await ReadAsync(first, cancellationToken);
                events += rows;
                // A short first answer means the cursor is exhausted; otherwise stream the rest.
                while (rows == FetchSize)
                {
                    await using var fetch = new NpgsqlCommand($"fetch {FetchSize} from {Cursor}", connection);
                    rows = await ReadAsync(fetch, cancellationToken);
                    events += rows;
                }
            }
            await using (var finish = new NpgsqlBatch(connection))
            {
                finish.BatchCommands.Add(new NpgsqlBatchCommand($"close {Cursor}"));
                var finishBatch = new NpgsqlBatchCommand("select pgq.finish_batch($1)");
                finishBatch.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batch });
                finish.BatchCommands.Add(finishBatch);
                await finish.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            Batches++;
        }
    }

    private async Task<int> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var data = reader.GetOrdinal("ev_data");
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            ledger.Record(reader.GetString(data));
            rows++;
        }
        return rows;
    }
}
