using Npgsql;
using Skytools.Connections;

namespace Londiste.Worker;

/// <summary>
/// The two connections of one cascaded consumer: the local node (in <c>session_replication_role = replica</c>, so
/// replication writes pass the leaf's deny triggers and fire no user or FK triggers) and its provider. Reopened on
/// demand after an error or when the provider location changes.
/// </summary>
internal sealed class ConsumerConnections : IAsyncDisposable
{
    private readonly string _localConnectionString;
    private readonly string _remoteExtra;
    private NpgsqlConnection? _local;
    private NpgsqlConnection? _provider;
    private string? _providerLocation;

    public ConsumerConnections(string localConnectionString, string remoteExtra)
    {
        _localConnectionString = ConnectionStringConverter.ToNpgsql(localConnectionString);
        _remoteExtra = remoteExtra;
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
            await _provider.DisposeAsync();
            _provider = null;
            _providerLocation = null;
        }
    }
}
