using Microsoft.Extensions.Logging;
using Npgsql;
using Skytools.Connections;
using Skytools.Sql;

namespace Londiste.Compare;

/// <summary>
/// `londiste CONFIG compare [TABLE...]`: for each table local to the subscriber node, bring the
/// provider and the subscriber to the same point (<see cref="SourceSync"/>), then run compare_sql on
/// both sides at the same time and compare the formatted results (compare_fmt), as Londiste does.
/// </summary>
public sealed class Comparator(CompareOptions options, ILogger logger)
{
    public async Task<IReadOnlyList<TableResult>> RunAsync(CancellationToken cancellationToken)
    {
        var targetConnectionString = ConnectionStringConverter.ToNpgsql(options.NodeConnectionString);
        await using var target = new NpgsqlConnection(targetConnectionString);
        await target.OpenAsync(cancellationToken);
        var node = await NodeQueries.GetNodeInfoAsync(target, options.QueueName, cancellationToken);
        if (node.ProviderLocation is null)
        {
            throw new CompareException($"node {node.NodeName} has no provider (it is the {node.NodeType}); run compare on a subscriber node's config");
        }
        var targetTables = await NodeQueries.GetLocalTablesAsync(target, options.QueueName, cancellationToken);
        var names = options.Tables.Count == 0 ? targetTables.Keys.ToList() : options.Tables.Select(FullName).ToList();

        var providerConnectionString = ConnectionStringConverter.ToNpgsql(node.ProviderLocation);
        var results = new List<TableResult>();
        foreach (var name in names)
        {
            if (!targetTables.TryGetValue(name, out var targetTable))
            {
                CompareLog.NotSubscribed(logger, name);
                results.Add(new TableResult(name, null, null, "not subscribed"));
                continue;
            }
            if (targetTable.MergeState != "ok")
            {
                CompareLog.NotSynced(logger, name);
                results.Add(new TableResult(name, null, null, "not synced yet"));
                continue;
            }
            results.Add(await CompareTableAsync(targetTable, targetConnectionString, providerConnectionString, cancellationToken));
        }
        return results;
    }

    private async Task<TableResult> CompareTableAsync(NodeTable targetTable, string targetConnectionString, string providerConnectionString, CancellationToken cancellationToken)
    {
        await using var source = new NpgsqlConnection(providerConnectionString);
        await source.OpenAsync(cancellationToken);
        var provider = await NodeQueries.GetNodeInfoAsync(source, options.QueueName, cancellationToken);
        CompareLog.Provider(logger, provider.NodeName, provider.NodeType);
        var sourceTables = await NodeQueries.GetLocalTablesAsync(source, options.QueueName, cancellationToken);
        if (!sourceTables.TryGetValue(targetTable.TableName, out var sourceTable))
        {
            CompareLog.NotOnProvider(logger, targetTable.TableName);
            return new TableResult(targetTable.TableName, null, null, "not on provider");
        }
        if (sourceTable.MergeState != "ok")
        {
            CompareLog.NotReadyOnProvider(logger, targetTable.TableName);
            return new TableResult(targetTable.TableName, null, null, "not ready on provider");
        }

        // A connection of its own: the node-info polling during the sync must not run in the snapshot.
        await using var target = new NpgsqlConnection(targetConnectionString);
        await target.OpenAsync(cancellationToken);
        foreach (var (connection, table, side) in new[] { (source, sourceTable.LocalName, "provider"), (target, targetTable.LocalName, "subscriber") })
        {
            if (!await NodeQueries.TableExistsAsync(connection, SqlQuote.QualifiedIdent(table), cancellationToken))
            {
                throw new CompareException($"table {table} does not exist on the {side} side; create it or remove it from replication");
            }
        }
        var columns = await CommonColumnsAsync(source, sourceTable.LocalName, target, targetTable.LocalName, cancellationToken);
        var sql = options.EffectiveSql;
        if (options.CompareSql is null && !options.CountOnly)
        {
            if (await RowHashUsableAsync(source, sourceTable.LocalName, target, targetTable.LocalName, cancellationToken))
            {
                sql = CompareOptions.RowHashSql;
            }
            else
            {
                CompareLog.TextChecksum(logger, targetTable.LocalName);
            }
        }

        await new SourceSync(options, logger).AlignAsync(provider, providerConnectionString, source, target,
            sourceTable.LocalName, targetTable.LocalName, cancellationToken);

        CompareLog.Counting(logger, targetTable.LocalName);
        sql = sql.Replace("_COLS_", columns, StringComparison.Ordinal);
        // The built-in queries are sums and counts: they may be computed in page ranges for progress.
        var additive = options.CompareSql is null;
        var sourceQuery = new SideQuery(source, providerConnectionString, "srcdb", sourceTable.LocalName, options.PagesPerChunk, logger)
            .RunAsync(sql.Replace("_TABLE_", SqlQuote.QualifiedIdent(sourceTable.LocalName), StringComparison.Ordinal), additive, cancellationToken);
        var targetQuery = new SideQuery(target, targetConnectionString, "dstdb", targetTable.LocalName, options.PagesPerChunk, logger)
            .RunAsync(sql.Replace("_TABLE_", SqlQuote.QualifiedIdent(targetTable.LocalName), StringComparison.Ordinal), additive, cancellationToken);
        await Task.WhenAll(sourceQuery, targetQuery);

        var sourceText = PercentFormat.Apply(options.EffectiveFormat, await sourceQuery);
        var targetText = PercentFormat.Apply(options.EffectiveFormat, await targetQuery);
        CompareLog.SourceResult(logger, sourceText);
        CompareLog.TargetResult(logger, targetText);
        if (sourceText != targetText)
        {
            CompareLog.Mismatch(logger, targetTable.LocalName);
        }
        return new TableResult(targetTable.TableName, sourceText, targetText, null);
    }

    /// <summary>
    /// Whether <see cref="CompareOptions.RowHashSql"/> can replace the default text checksum: the same columns with
    /// the same types in the same order on both sides (a row's hash depends on its types), and hash_record works on
    /// the table (PostgreSQL 14 or later, every column type hashable; tried on one row of each side).
    /// </summary>
    private static async Task<bool> RowHashUsableAsync(NpgsqlConnection source, string sourceTable, NpgsqlConnection target, string targetTable, CancellationToken cancellationToken)
    {
        var sourceColumns = await NodeQueries.TypedColumnsAsync(source, SqlQuote.QualifiedIdent(sourceTable), cancellationToken);
        var targetColumns = await NodeQueries.TypedColumnsAsync(target, SqlQuote.QualifiedIdent(targetTable), cancellationToken);
        if (!sourceColumns.SequenceEqual(targetColumns, StringComparer.Ordinal))
        {
            return false;
        }
        foreach (var (connection, table) in new[] { (source, sourceTable), (target, targetTable) })
        {
            try
            {
                await using var probe = new NpgsqlCommand($"select hash_record(t) from only {SqlQuote.QualifiedIdent(table)} t limit 1", connection);
                await probe.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.UndefinedFunction)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>_COLS_: a row constructor of the columns both sides have, in the source's order.</summary>
    private async Task<string> CommonColumnsAsync(NpgsqlConnection source, string sourceTable, NpgsqlConnection target, string targetTable, CancellationToken cancellationToken)
    {
        var sourceColumns = await NodeQueries.ColumnsAsync(source, SqlQuote.QualifiedIdent(sourceTable), cancellationToken);
        var targetColumns = await NodeQueries.ColumnsAsync(target, SqlQuote.QualifiedIdent(targetTable), cancellationToken);
        var common = sourceColumns.Where(targetColumns.Contains).ToList();
        if (common.Count == 0)
        {
            throw new CompareException($"no common columns found between {sourceTable} on the provider and {targetTable} on the subscriber");
        }
        if (common.Count != sourceColumns.Count || common.Count != targetColumns.Count)
        {
            CompareLog.IgnoringColumns(logger);
        }
        return "(" + string.Join(",", common.Select(SqlQuote.Ident)) + ")";
    }

    /// <summary>Londiste names tables schema-qualified; a bare name means public.</summary>
    private static string FullName(string table) => table.Contains('.', StringComparison.Ordinal) ? table : "public." + table;
}
