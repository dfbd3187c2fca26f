using Npgsql;
using PgQ.Internal;

namespace PgQ;

/// <summary>
/// Queue administration through PgQ's SQL API: queues, consumer registration, settings, status and ticks. Every
/// method runs one statement on the given connection (inside its transaction, if one is open).
/// </summary>
public static class PgQAdmin
{
    /// <summary><c>pgq.create_queue</c>: creates the queue, its event tables and its first tick.</summary>
    /// <returns>True if created, false if it already existed.</returns>
    public static async Task<bool> CreateQueueAsync(NpgsqlConnection connection, string queueName, CancellationToken cancellationToken) =>
        await ScalarAsync<int>(connection, "select pgq.create_queue($1)", [Parameters.Text(queueName)], cancellationToken) == 1;

    /// <summary>
    /// <c>pgq.drop_queue</c>: drops the queue and its events. Without <paramref name="force"/> it refuses while
    /// consumers are registered; with it, they are unregistered first.
    /// </summary>
    public static async Task DropQueueAsync(NpgsqlConnection connection, string queueName, bool force, CancellationToken cancellationToken) =>
        await ScalarAsync<int>(connection, "select pgq.drop_queue($1, $2)", [Parameters.Text(queueName), Parameters.Boolean(force)], cancellationToken);

    /// <summary>
    /// <c>pgq.register_consumer</c>: subscribes a consumer at the queue's newest tick, so it receives events committed
    /// after that tick. Registering again changes nothing.
    /// </summary>
    /// <returns>True if newly registered, false if it already was.</returns>
    public static async Task<bool> RegisterConsumerAsync(NpgsqlConnection connection, string queueName, string consumerName, CancellationToken cancellationToken) =>
        await ScalarAsync<int>(connection, "select pgq.register_consumer($1, $2)",
            [Parameters.Text(queueName), Parameters.Text(consumerName)], cancellationToken) == 1;

    /// <summary>
    /// <c>pgq.register_consumer_at</c>: subscribes a consumer at <paramref name="tickId"/>, or moves an existing one
    /// there (dropping its active batch).
    /// </summary>
    /// <returns>True if newly registered, false if an existing subscription was moved.</returns>
    public static async Task<bool> RegisterConsumerAtAsync(NpgsqlConnection connection, string queueName, string consumerName, long tickId, CancellationToken cancellationToken) =>
        await ScalarAsync<int>(connection, "select pgq.register_consumer_at($1, $2, $3)",
            [Parameters.Text(queueName), Parameters.Text(consumerName), Parameters.Bigint(tickId)], cancellationToken) == 1;

    /// <summary><c>pgq.unregister_consumer</c>: removes the subscription and the consumer's events in the retry queue.</summary>
    /// <returns>True if the consumer was registered.</returns>
    public static async Task<bool> UnregisterConsumerAsync(NpgsqlConnection connection, string queueName, string consumerName, CancellationToken cancellationToken) =>
        await ScalarAsync<int>(connection, "select pgq.unregister_consumer($1, $2)",
            [Parameters.Text(queueName), Parameters.Text(consumerName)], cancellationToken) > 0;

    /// <summary>
    /// <c>pgq.set_queue_config</c>: changes one queue setting. <paramref name="parameter"/> is one of
    /// <c>ticker_max_count</c>, <c>ticker_max_lag</c>, <c>ticker_idle_period</c>, <c>ticker_paused</c>,
    /// <c>rotation_period</c>, <c>external_ticker</c>; <paramref name="value"/> is its text form (<c>'5 seconds'</c>, <c>'true'</c>).
    /// </summary>
    public static async Task SetQueueConfigAsync(NpgsqlConnection connection, string queueName, string parameter, string value, CancellationToken cancellationToken) =>
        await ScalarAsync<int>(connection, "select pgq.set_queue_config($1, $2, $3)",
            [Parameters.Text(queueName), Parameters.Text(parameter), Parameters.Text(value)], cancellationToken);

    /// <summary><c>pgq.get_queue_info()</c>: every queue, ordered by name.</summary>
    public static Task<IReadOnlyList<PgQQueueInfo>> GetQueueInfoAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        QueryAsync(connection, $"select {QueueInfoColumns} from pgq.get_queue_info()", ReadQueueInfo, [], cancellationToken);

    /// <summary><c>pgq.get_queue_info(queue)</c>: one queue, or null if it does not exist.</summary>
    public static async Task<PgQQueueInfo?> GetQueueInfoAsync(NpgsqlConnection connection, string queueName, CancellationToken cancellationToken) =>
        (await QueryAsync(connection, $"select {QueueInfoColumns} from pgq.get_queue_info($1)", ReadQueueInfo, 
            [Parameters.Text(queueName)], cancellationToken)).SingleOrDefault();

    /// <summary>
    /// <c>pgq.get_consumer_info(queue, consumer)</c>: consumers ordered by queue and name; a null argument matches all.
    /// </summary>
    public static Task<IReadOnlyList<PgQConsumerInfo>> GetConsumerInfoAsync(NpgsqlConnection connection, string? queueName, string? consumerName, CancellationToken cancellationToken) =>
        QueryAsync(connection,
            "select queue_name, consumer_name, lag, last_seen, last_tick, current_batch, next_tick, pending_events " +
            "from pgq.get_consumer_info($1, $2)",
            r => new PgQConsumerInfo(
                r.GetString(0), r.GetString(1), Nullable<TimeSpan>(r, 2), Nullable<TimeSpan>(r, 3), Nullable<long>(r, 4),
                Nullable<long>(r, 5), Nullable<long>(r, 6), Nullable<long>(r, 7)),
            [Parameters.Text(queueName), Parameters.Text(consumerName)], cancellationToken);

    /// <summary>
    /// <c>pgq.ticker(queue)</c>: ticks the queue if its ticker rules ask for it (enough new events, enough lag, or
    /// idle long enough). This is what the pgqd daemon runs; call it yourself only without a daemon.
    /// </summary>
    /// <returns>The new tick's id, or null when no tick was due.</returns>
    public static async Task<long?> TickAsync(NpgsqlConnection connection, string queueName, CancellationToken cancellationToken)
    {
        await using var command = Parameters.Command(connection, "select pgq.ticker($1)", Parameters.Text(queueName));
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    /// <summary>
    /// <c>pgq.force_tick</c>: makes the next ticker run tick the queue even if nothing happened (it bumps the event
    /// sequence). Does not tick by itself.
    /// </summary>
    /// <returns>The queue's newest tick id before the forced tick.</returns>
    public static async Task<long> ForceTickAsync(NpgsqlConnection connection, string queueName, CancellationToken cancellationToken) =>
        await ScalarAsync<long>(connection, "select pgq.force_tick($1)", [Parameters.Text(queueName)], cancellationToken);

    private const string QueueInfoColumns =
        "queue_name, queue_ntables, queue_cur_table, queue_rotation_period, queue_switch_time, queue_external_ticker, " +
        "queue_ticker_paused, queue_ticker_max_count, queue_ticker_max_lag, queue_ticker_idle_period, ticker_lag, " +
        "ev_per_sec, ev_new, last_tick_id";

    private static PgQQueueInfo ReadQueueInfo(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetFieldValue<TimeSpan>(3), r.GetFieldValue<DateTimeOffset>(4),
        r.GetBoolean(5), r.GetBoolean(6), r.GetInt32(7), r.GetFieldValue<TimeSpan>(8), r.GetFieldValue<TimeSpan>(9),
        Nullable<TimeSpan>(r, 10), Nullable<double>(r, 11), Nullable<long>(r, 12), Nullable<long>(r, 13));

    private static T? Nullable<T>(NpgsqlDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = Parameters.Command(connection, sql, parameters);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<IReadOnlyList<T>> QueryAsync<T>(
        NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = Parameters.Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }
}
