using Londiste.Installation;
using Microsoft.Extensions.Logging;
using Skytools.Connections;

namespace Londiste.Admin;

/// <summary>
/// Before a node is created its database needs pgq, pgq_node and londiste. Ours are installed (or
/// upgraded) by <see cref="NodeSchemas"/>; a database that already has the original three as
/// extensions keeps them (so the same commands run against the original SQL).
/// </summary>
internal static class NodeSchemaCheck
{
    private static readonly string[] Schemas = ["pgq", "pgq_node", "londiste"];

    public static async Task EnsureAsync(NodeDatabase database, ILogger logger, CancellationToken cancellationToken)
    {
        var rows = await database.QueryAsync("select extname::text as extname from pg_catalog.pg_extension where extname = any($1)", [Schemas], cancellationToken);
        var extensions = rows.Select(r => r.GetString("extname")!).ToHashSet(StringComparer.Ordinal);
        if (extensions.Count == Schemas.Length)
        {
            AdminLog.ExtensionsPresent(logger);
            AdminLog.SchemaInstalled(logger, "plpgsql");
            foreach (var schema in Schemas)
            {
                AdminLog.SchemaInstalled(logger, schema);
            }
            return;
        }
        if (extensions.Count > 0)
        {
            var missing = string.Join(", ", Schemas.Where(s => !extensions.Contains(s)));
            throw new AdminException($"database of {database.Name} has the original {string.Join(", ", Schemas.Where(extensions.Contains))} as extension(s) but not {missing}: create extension {missing} there, or drop the extensions to use ours");
        }
        AdminLog.Installing(logger);
        await NodeSchemas.InstallAsync(ConnectionStringConverter.ToNpgsql(database.Location), cancellationToken, logger);
    }
}
