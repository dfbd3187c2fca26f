using Londiste.Installation;
using PgQ.Installation;

namespace Londiste.Tests.Installation;

public sealed class NodeSchemasTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task Installs_the_three_schemas_and_reinstalls_harmlessly()
    {
        var db = await fixture.CreateDatabaseAsync("install");
        var again = await NodeSchemas.InstallAsync(fixture.ConnectionString(db), CancellationToken.None);
        Assert.Equal(["pgq", "pgq_node", "londiste"], again.Select(o => o.Schema));
        Assert.All(again, o => Assert.Equal(o.PreviousRevision, o.Revision));
    }

    [Theory]
    [InlineData("pgq_node")]
    [InlineData("londiste")]
    public void Every_embedded_sql_file_is_listed_exactly_once(string schema)
    {
        var assembly = typeof(NodeSchemas).Assembly;
        var listed = SqlResources.ReadList(assembly, $"{schema}/install.list").Select(p => $"{schema}/" + p).ToList();
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(SqlResources.AllPaths(assembly, $"{schema}/").Where(p => p.EndsWith(".sql", StringComparison.Ordinal)).Order(), listed.Order());
    }
}
