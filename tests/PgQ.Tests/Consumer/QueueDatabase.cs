using Npgsql;

namespace PgQ.Tests.Consumer;

/// <summary>One test's database with one queue, and the few statements the tests drive it with.</summary>
public sealed class QueueDatabase : IAsyncDisposable
{
    public const string Queue = "q";

    private QueueDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
        Producer = new PgQProducer(Queue);
    }

    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }
    public PgQProducer Producer { get; }

    public static async Task<QueueDatabase> CreateAsync(PgQClusterFixture fixture, params string[] consumers)
    {
        var database = new QueueDatabase(fixture.ConnectionString(await fixture.CreateDatabaseAsync("consumer")));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await PgQAdmin.CreateQueueAsync(connection, Queue, CancellationToken.None);
        foreach (var consumer in consumers)
        {
            await PgQAdmin.RegisterConsumerAsync(connection, Queue, consumer, CancellationToken.None);
        }
        return database;
    }

    public PgQConsumer Consumer(string name, Func<PgQConsumerOptions, PgQConsumerOptions>? adjust = null, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var options = new PgQConsumerOptions
        {
            QueueName = Queue,
            ConsumerName = name,
            LoopDelay = TimeSpan.FromMilliseconds(50),
            ErrorDelay = TimeSpan.FromMilliseconds(50),
            MaxErrorDelay = TimeSpan.FromMilliseconds(200),
        };
        return new PgQConsumer(DataSource, adjust is null ? options : adjust(options), logger);
    }

    /// <summary>A tick now, whatever the ticker rules say: force_tick makes the next ticker run tick.</summary>
    public async Task<long> TickAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await PgQAdmin.ForceTickAsync(connection, Queue, CancellationToken.None);
        return await PgQAdmin.TickAsync(connection, Queue, CancellationToken.None)
            ?? throw new InvalidOperationException("the ticker did not tick after force_tick");
    }

    /// <summary>Inserts events in one committed (or rolled back) transaction; returns their ids.</summary>
    public async Task<List<long>> ProduceAsync(int count, bool commit = true, string type = "t")
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await Producer.InsertEventAsync(connection, type, $"data {i}", CancellationToken.None));
        }
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
        return ids;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task ExecuteOnAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Processes every ready batch of <paramref name="consumer"/> and returns the events in delivery order.</summary>
    public async Task<List<PgQEvent>> ConsumeAllAsync(string consumer)
    {
        var events = new List<PgQEvent>();
        var reader = Consumer(consumer);
        while (await reader.ProcessNextBatchAsync(async (batch, ct) =>
        {
            await foreach (var ev in batch.Events.WithCancellation(ct))
            {
                events.Add(ev);
            }
        }, CancellationToken.None))
        {
        }
        return events;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<PgQConsumerInfo> ConsumerInfoAsync(string consumer)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await PgQAdmin.GetConsumerInfoAsync(connection, Queue, consumer, CancellationToken.None)).Single();
    }

    /// <summary>Moves due events from the retry queue back into the queue, as pgqd's retry loop does.</summary>
    public async Task RunRetryMaintenanceAsync()
    {
        while (await ScalarAsync<int>("select pgq.maint_retry_events()") > 0)
        {
        }
    }

    public async ValueTask DisposeAsync() => await DataSource.DisposeAsync();
}
