using PgQ.Installation;
using TestSupport;

namespace PgQ.Tests;

/// <summary>One cluster per test class with a template database that already has our pgq schema.</summary>
public sealed class PgQFixture : ClusterFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PrepareTemplateAsync("pgq_template",
            async connectionString => await SchemaInstaller.InstallPgQAsync(connectionString, CancellationToken.None));
    }
}
