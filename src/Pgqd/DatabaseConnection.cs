using Npgsql;

namespace Pgqd;

/// <summary>
/// One long-lived connection of a loop (ticker, maintenance or retry each own one, as in the original,
/// so a slow VACUUM never delays a tick). Reopened when broken, dropped after an error, and replaced
/// when older than connection_lifetime so server-side memory does not grow without bound.
/// </summary>
internal sealed class DatabaseConnection : IAsyncDisposable
{
    private readonly string _connectionString;
    private NpgsqlConnection? _connection;
    private DateTime _openedAt;

    public DatabaseConnection(string connectionString)
    {
        _connectionString = connectionString;
    }

    public async Task<NpgsqlConnection> GetAsync(TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (_connection is not null && (_connection.FullState != System.Data.ConnectionState.Open || DateTime.UtcNow - _openedAt > lifetime))
        {
            await DropAsync();
        }
        if (_connection is null)
        {
            var connection = new NpgsqlConnection(_connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
            _connection = connection;
            _openedAt = DateTime.UtcNow;
        }
        return _connection;
    }

    public bool IsOpen => _connection is not null;

    public async Task DropAsync()
    {
        if (_connection is not null)
        {
            var connection = _connection;
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(DropAsync());
}
