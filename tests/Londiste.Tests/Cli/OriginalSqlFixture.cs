using TestSupport;

namespace Londiste.Tests.Cli;

/// <summary>
/// One cluster whose template database has the original pgq, pgq_node and londiste extensions: the
/// admin commands are checked against the original SQL API (ours must later behave the same).
/// </summary>
public sealed class OriginalSqlFixture : ClusterFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PrepareTemplateAsync("original_template", async connectionString =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("create extension pgq; create extension pgq_node; create extension londiste;", connection);
            await command.ExecuteNonQueryAsync();
        });
    }

    public async Task ExecuteAsync(string database, string sql) => await Cluster.ExecuteAsync(database, sql);

    public async Task<object?> ScalarAsync(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
