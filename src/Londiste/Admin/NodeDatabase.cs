using Microsoft.Extensions.Logging;
using Npgsql;
using Skytools.Config;
using Skytools.Connections;

namespace Londiste.Admin;

/// <summary>
/// One connection to a node's database for the admin commands. <see cref="ExecCmdAsync"/> follows the
/// Skytools convention for the pgq_node/londiste API: every row carries ret_code and ret_note; 1xx is
/// logged at debug, 2xx as info, 3xx as a warning, 4xx and above as an error that stops the command.
/// Each call is its own transaction unless a transaction is open.
/// </summary>
public sealed class NodeDatabase : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly ILogger _logger;
    private NpgsqlTransaction? _transaction;

    private NodeDatabase(NpgsqlConnection connection, string name, string location, ILogger logger)
    {
        _connection = connection;
        Name = name;
        Location = location;
        _logger = logger;
    }

    /// <summary>What the connection is for, in messages ("db", "provider", a node name).</summary>
    public string Name { get; }
    /// <summary>The connect string as configured (libpq form).</summary>
    public string Location { get; }

    public static async Task<NodeDatabase> OpenAsync(string name, string location, ILogger logger, CancellationToken cancellationToken)
    {
        string npgsql;
        try
        {
            var builder = ConnectionStringConverter.ToBuilder(location);
            builder.Pooling = false;
            builder.ApplicationName ??= "londiste";
            npgsql = builder.ConnectionString;
        }
        catch (ConfigException e)
        {
            throw new AdminException($"bad connect string for {name} '{ConnectionStringMask.Apply(location)}': {e.Message}");
        }
        var connection = new NpgsqlConnection(npgsql);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (DbErrors.IsDatabaseError(e))
        {
            await connection.DisposeAsync();
            throw new AdminException($"cannot connect to {name} ({ConnectionStringMask.Apply(location)}): {DbErrors.Describe(e)}: {DbErrors.Hint(e)}", e);
        }
        return new NodeDatabase(connection, name, location, logger);
    }

    public NpgsqlConnection Connection => _connection;

    public async Task BeginAsync(CancellationToken cancellationToken) =>
        _transaction = await _connection.BeginTransactionAsync(cancellationToken);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_transaction is not null)
        {
            await _transaction.CommitAsync(cancellationToken);
            await _transaction.DisposeAsync();
            _transaction = null;
        }
    }

    public async Task RollbackAsync(CancellationToken cancellationToken)
    {
        if (_transaction is not null)
        {
            await _transaction.RollbackAsync(cancellationToken);
            await _transaction.DisposeAsync();
            _transaction = null;
        }
    }

    /// <summary>Runs a query; parameters are positional ($1, $2, ...), values as given (null for SQL null).</summary>
    public async Task<List<DbRow>> QueryAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        foreach (var value in parameters)
        {
            command.Parameters.Add(value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } : new NpgsqlParameter { Value = value });
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<DbRow>();
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(new DbRow(names, values));
        }
        return rows;
    }

    /// <summary>Runs statements without parameters (DDL), in the open transaction if there is one.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        AdminLog.Executing(_logger, sql);
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DbRow> QuerySingleAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken) =>
        (await QueryAsync(sql, parameters, cancellationToken)).FirstOrDefault()
            ?? throw new AdminException($"{Name}: query returned no row: {sql}");

    /// <summary>Runs an API function returning (ret_code, ret_note) rows and logs them; an error code throws.</summary>
    /// <param name="quiet">log 2xx notes at debug only</param>
    /// <param name="prefix">node name shown before each note ("[node] ...")</param>
    public async Task<List<DbRow>> ExecCmdAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken, bool quiet = false, string? prefix = null)
    {
        AdminLog.Executing(_logger, sql);
        var rows = await QueryAsync(sql, parameters, cancellationToken);
        var shownPrefix = prefix is null ? "" : $"[{prefix}] ";
        string? error = null;
        foreach (var row in rows)
        {
            var code = row.GetInt("ret_code");
            var note = row.GetString("ret_note") ?? "";
            switch (code / 100)
            {
                case 1:
                    AdminLog.ResultDebug(_logger, shownPrefix, code, note);
                    break;
                case 2 when quiet:
                    AdminLog.ResultDebug(_logger, shownPrefix, code, note);
                    break;
                case 2:
                    AdminLog.ResultInfo(_logger, shownPrefix, note);
                    break;
                case 3:
                    AdminLog.ResultWarning(_logger, shownPrefix, note);
                    break;
                default:
                    AdminLog.ResultError(_logger, shownPrefix, note);
                    error ??= note;
                    break;
            }
        }
        if (error is not null)
        {
            await RollbackAsync(cancellationToken);
            throw new AdminException($"{shownPrefix}{error}") { AlreadyLogged = true };
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }
        await _connection.DisposeAsync();
    }
}
