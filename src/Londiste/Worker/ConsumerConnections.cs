using Npgsql;
using Skytools.Connections;

namespace Londiste.Worker;

/// <summary>
/// The two connections of one cascaded consumer: the local node (in <c>session_replication_role = replica</c>, so
/// replication writes pass the leaf's deny triggers and fire no user or FK triggers) and its provider. Reopened on
/// demand after an error or when the provider location changes.
/// </summary>
/// <remarks>
/// With a tick queue, the provider connection also LISTENs on <c>pgq_tick</c> (pgq.ticker sends the queue name there
/// when a tick commits; a branch's copied ticks too), so the worker can wait for its queue's next tick instead of
/// sleeping <c>loop_delay</c>. A new provider connection listens again: nothing to restore after a reconnect, and a
/// tick missed while disconnected is found by the next batch look-up anyway.
/// </remarks>
internal sealed class ConsumerConnections : IAsyncDisposable
{
    private readonly string _localConnectionString;
    private readonly string _remoteExtra;
    private NpgsqlConnection? _local;
    private NpgsqlConnection? _provider;
    private string? _providerLocation;
    private readonly string? _tickQueue;
    private int _tickNoticed;

    /// <param name="tickQueue">The queue whose tick notifications <see cref="WaitForTickAsync"/> waits for; null: no LISTEN.</param>
    public ConsumerConnections(string localConnectionString, string remoteExtra, string? tickQueue = null)
    {
        _localConnectionString = WithAutoPrepare(ConnectionStringConverter.ToNpgsql(localConnectionString));
        _remoteExtra = remoteExtra;
        _tickQueue = tickQueue;
    }

    /// <summary>
    /// Forgets tick notifications received so far. Called before looking for a batch: a tick notified after this
    /// (even while that look-up runs, and so perhaps not seen by it) makes the next <see cref="WaitForTickAsync"/>
    /// return at once.
    /// </summary>
    public void ClearTickNotice() => Interlocked.Exchange(ref _tickNoticed, 0);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for a tick of the queue to be notified on the provider connection
    /// (returns at once if one came since <see cref="ClearTickNotice"/>). Without a listening provider connection it
    /// just waits the timeout. If cancelled, the provider connection may be unusable; it is then dropped and reopened
    /// on the next <see cref="ProviderAsync"/>.
    /// </summary>
    public async Task WaitForTickAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var provider = _provider;
        if (_tickQueue is null || provider is not { State: System.Data.ConnectionState.Open })
        {
            await Task.Delay(timeout, cancellationToken);
            return;
        }
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            while (Volatile.Read(ref _tickNoticed) == 0)
            {
                var left = deadline - DateTime.UtcNow;
                // Other queues' ticks on the same provider also wake WaitAsync: wait again for the rest of the time.
                if (left <= TimeSpan.Zero || !await provider.WaitAsync(left, cancellationToken))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            if (provider.FullState != System.Data.ConnectionState.Open)
            {
                await CloseProviderAsync();
            }
            throw;
        }
    }

    /// <summary>
    /// Prepares the statements the local connection runs again and again (Npgsql's automatic preparation), unless the
    /// connection string says otherwise. The apply statements (one per table, operation and column list) then skip
    /// parsing and planning: planned afresh, an update over a 1,000-element array took about 1 ms to plan, as long
    /// as applying a hundred rows, because the planner reads every array to size it. Their generic plans look keys up
    /// through the primary key's index, which suits any number of rows.
    /// </summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 };
        return builder.ConnectionString;
    }

    public async Task<NpgsqlConnection> LocalAsync(CancellationToken cancellationToken)
    {
        if (_local is { State: System.Data.ConnectionState.Open })
        {
            return _local;
        }
        await CloseLocalAsync();
        var connection = new NpgsqlConnection(_localConnectionString);
        await connection.OpenAsync(cancellationToken);
        try
        {
            // The original's security-definer helper: a non-superuser owner may switch roles through it.
            await using var role = new NpgsqlCommand("select londiste.set_session_replication_role('replica', false)", connection);
            await role.ExecuteNonQueryAsync(cancellationToken);
            // The provider's batch is finished right after the local commit, so that commit must be on
            // disk when it returns: with synchronous_commit off in the node's config, a crash of the node
            // could lose an acknowledged batch after the provider dropped it ("Lost position").
            await using var durable = new NpgsqlCommand("set synchronous_commit = on", connection);
            await durable.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        _local = connection;
        return connection;
    }

    /// <summary>The provider connection for <paramref name="location"/> (a libpq string from pgq_node); reconnects when it changed.</summary>
    public async Task<NpgsqlConnection> ProviderAsync(string location, CancellationToken cancellationToken)
    {
        if (_provider is { State: System.Data.ConnectionState.Open } && _providerLocation == location)
        {
            return _provider;
        }
        await CloseProviderAsync();
        var connectionString = string.IsNullOrWhiteSpace(_remoteExtra) ? location : location + " " + _remoteExtra;
        var connection = new NpgsqlConnection(ConnectionStringConverter.ToNpgsql(connectionString));
        await connection.OpenAsync(cancellationToken);
        if (_tickQueue is not null)
        {
            try
            {
                connection.Notification += OnNotification;
                await using var listen = new NpgsqlCommand("listen pgq_tick", connection);
                await listen.ExecuteNonQueryAsync(cancellationToken);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
            // Ticks made while no connection listened are found by the batch look-up that follows.
        }
        _provider = connection;
        _providerLocation = location;
        return connection;
    }

    /// <summary>Drops both connections (after an error: whatever transaction was open rolls back).</summary>
    public async Task ResetAsync()
    {
        await CloseLocalAsync();
        await CloseProviderAsync();
    }

    public async ValueTask DisposeAsync() => await ResetAsync();

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == "pgq_tick" && e.Payload == _tickQueue)
        {
            Interlocked.Exchange(ref _tickNoticed, 1);
        }
    }

    private async Task CloseLocalAsync()
    {
        if (_local is not null)
        {
            await _local.DisposeAsync();
            _local = null;
        }
    }

    private async Task CloseProviderAsync()
    {
        if (_provider is not null)
        {
            _provider.Notification -= OnNotification;
            await _provider.DisposeAsync();
            _provider = null;
            _providerLocation = null;
        }
    }
}
