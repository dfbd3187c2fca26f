using Microsoft.Extensions.Logging;
using Npgsql;
using PgQ.Installation;

namespace Londiste.Installation;

/// <summary>
/// The three schemas a Londiste node needs, installed or upgraded in dependency order: pgq (the
/// queue), pgq_node (cascade metadata), londiste (tables, sequences, copy states). Each is its own
/// transaction under its own advisory lock; re-running is harmless.
/// </summary>
public static class NodeSchemas
{
    public static IReadOnlyList<InstallPlan> Plans() =>
        [InstallPlan.Load("pgq"), InstallPlan.Load(typeof(NodeSchemas).Assembly, "pgq_node"), InstallPlan.Load(typeof(NodeSchemas).Assembly, "londiste")];

    public static async Task<IReadOnlyList<SchemaInstaller.Outcome>> InstallAsync(string connectionString, CancellationToken cancellationToken, ILogger? logger = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var installer = new SchemaInstaller(logger);
        var outcomes = new List<SchemaInstaller.Outcome>();
        foreach (var plan in Plans())
        {
            outcomes.Add(await installer.InstallAsync(connection, plan, int.MaxValue, cancellationToken));
        }
        return outcomes;
    }

    /// <summary>The whole install script of the three schemas, for a DBA to review (londiste --sql).</summary>
    public static string Script() => string.Join("\n", Plans().Select(p => p.Script()));
}
