using Npgsql;

namespace Pgqd;

/// <summary>
/// The original's rule: with database_list, exactly those databases; without it, every database of
/// the cluster that accepts connections and is not a template (asked on initial_database). Databases
/// without schema pgq are kept on the list: their ticker looks again every check_period, so a pgq
/// installed later is picked up.
/// </summary>
internal sealed class ConfigDatabaseLocator : IDatabaseLocator
{
    public bool Discovers(PgqdSettings settings) => !settings.HasDatabaseList;

    public async Task<IReadOnlyList<DatabaseTarget>> LocateAsync(PgqdSettings settings, CancellationToken cancellationToken)
    {
        var names = settings.HasDatabaseList ? settings.DatabaseList : await DiscoverAsync(settings, cancellationToken);
        return names.Select(name => new DatabaseTarget(name, settings.ConnectionStringFor(name))).ToList();
    }

    private static async Task<IReadOnlyList<string>> DiscoverAsync(PgqdSettings settings, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(settings.ConnectionStringFor(settings.InitialDatabase));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select datname from pg_catalog.pg_database where not datistemplate and datallowconn order by datname", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }
}
