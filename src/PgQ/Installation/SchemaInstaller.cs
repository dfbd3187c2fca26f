using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace PgQ.Installation;

/// <summary>
/// Installs or upgrades a schema (pgq now; pgq_node and londiste later) in one transaction, under an
/// advisory lock so that two installers never interleave. Needs no superuser: only the right to
/// create a schema in the database. Roles pgq_reader/pgq_writer/pgq_admin are created when the
/// installer may create roles, and skipped with a notice otherwise.
/// </summary>
public sealed class SchemaInstaller
{
    private readonly ILogger _logger;

    public SchemaInstaller(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The result of an install: the revision before and after (0 = nothing was installed).</summary>
    public sealed record Outcome(string Schema, int PreviousRevision, int Revision);

    internal static string MigrationTableSql(string schema) =>
        $"create table if not exists {schema}.schema_migration (revision int4 primary key, name text not null, applied_at timestamptz not null default now());";

    public static Task<Outcome> InstallPgQAsync(string connectionString, CancellationToken cancellationToken, ILogger? logger = null) =>
        new SchemaInstaller(logger).InstallAsync(connectionString, InstallPlan.Load("pgq"), int.MaxValue, cancellationToken);

    public async Task<Outcome> InstallAsync(string connectionString, InstallPlan plan, int upToRevision, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return await InstallAsync(connection, plan, upToRevision, cancellationToken);
    }

    /// <summary>Installs into an open connection (which must not be inside a transaction).</summary>
    public async Task<Outcome> InstallAsync(NpgsqlConnection connection, InstallPlan plan, int upToRevision, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"select pg_advisory_xact_lock(hashtext('londiste-net install {plan.Schema}'))", cancellationToken);
        await ExecuteAsync(connection, $"create schema if not exists {plan.Schema}; " + MigrationTableSql(plan.Schema), cancellationToken);

        var previous = await ScalarAsync<int>(connection, $"select coalesce(max(revision), 0) from {plan.Schema}.schema_migration", cancellationToken);
        foreach (var migration in plan.Migrations.Where(m => m.Revision > previous && m.Revision <= upToRevision))
        {
            _logger.LogInformation("Applying {Schema} migration {Migration}", plan.Schema, migration.Name);
            await ExecuteAsync(connection, SqlResources.Read(plan.Assembly, migration.Path), cancellationToken);
            await using var record = new NpgsqlCommand($"insert into {plan.Schema}.schema_migration (revision, name) values ($1, $2)", connection);
            record.Parameters.AddWithValue(migration.Revision);
            record.Parameters.AddWithValue(migration.Name);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var file in plan.FunctionFiles.Concat(plan.FinalFiles))
        {
            await ExecuteAsync(connection, SqlResources.Read(plan.Assembly, file), cancellationToken);
        }
        var current = await ScalarAsync<int>(connection, $"select coalesce(max(revision), 0) from {plan.Schema}.schema_migration", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (previous == 0)
        {
            _logger.LogInformation("Installed {Schema} schema, revision {Revision}", plan.Schema, current);
        }
        else if (previous != current)
        {
            _logger.LogInformation("Upgraded {Schema} schema from revision {Previous} to {Revision}", plan.Schema, previous, current);
        }
        else
        {
            _logger.LogInformation("{Schema} schema is up to date (revision {Revision}); functions refreshed", plan.Schema, current);
        }
        return new Outcome(plan.Schema, previous, current);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
