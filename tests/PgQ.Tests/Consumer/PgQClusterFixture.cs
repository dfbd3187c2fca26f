using PgQ.Installation;
using TestSupport;

namespace PgQ.Tests.Consumer;

/// <summary>
/// A cluster whose databases start with the PgQ schema installed. Our schema by default; set
/// <c>PGQ_TEST_SCHEMA=original</c> to run the same tests against the original extension (postgresql-15-pgq3),
/// which proves the client code speaks the original API.
/// </summary>
public sealed class PgQClusterFixture : ClusterFixture
{
    public static bool UseOriginal =>
        string.Equals(Environment.GetEnvironmentVariable("PGQ_TEST_SCHEMA"), "original", StringComparison.OrdinalIgnoreCase);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PrepareTemplateAsync("pgq_template", async connectionString =>
        {
            if (UseOriginal)
            {
                await using var connection = new Npgsql.NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new Npgsql.NpgsqlCommand("create extension pgq", connection);
                await command.ExecuteNonQueryAsync();
            }
            else
            {
                await SchemaInstaller.InstallPgQAsync(connectionString, CancellationToken.None);
            }
        });
    }
}
