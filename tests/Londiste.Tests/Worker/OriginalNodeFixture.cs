using TestSupport;

namespace Londiste.Tests.Worker;

/// <summary>
/// One cluster per test class with a template database holding the ORIGINAL pgq, pgq_node and londiste extensions
/// (our own schemas are written in parallel with the identical API; the worker is tested against the original).
/// </summary>
public sealed class OriginalNodeFixture : ClusterFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PrepareTemplateAsync("original_template", async connectionString =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                "create extension pgq; create extension pgq_node; create extension londiste;", connection);
            await command.ExecuteNonQueryAsync();
        });
    }
}
