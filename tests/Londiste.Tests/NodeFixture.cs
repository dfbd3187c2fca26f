using Londiste.Installation;
using TestSupport;

namespace Londiste.Tests;

/// <summary>One cluster per test class with a template database holding our pgq, pgq_node and londiste schemas.</summary>
public sealed class NodeFixture : ClusterFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PrepareTemplateAsync("node_template",
            async connectionString => await NodeSchemas.InstallAsync(connectionString, CancellationToken.None));
    }
}
