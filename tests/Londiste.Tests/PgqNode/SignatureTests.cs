using Npgsql;

namespace Londiste.Tests.PgqNode;

/// <summary>Our pgq_node schema (NodeFixture) has the original's functions, signatures, result columns, tables and columns.</summary>
public sealed class SignatureTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    /// <summary>Our additions, each with its reason. Everything else must match exactly.</summary>
    private static readonly Dictionary<string, string> DeliberatelyOursOnly = new()
    {
        ["table schema_migration"] = "our installer records applied structure revisions here (the original relies on pg_extension)",
        ["column schema_migration.revision integer NO"] = "see schema_migration",
        ["column schema_migration.name text NO"] = "see schema_migration",
        ["column schema_migration.applied_at timestamp with time zone NO"] = "see schema_migration",
    };

    private const string FunctionsSql = """
        select 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') returns '
               || pg_get_function_result(p.oid) || ' [' || pg_get_function_arguments(p.oid) || ']'
        from pg_proc p
        where p.pronamespace = 'pgq_node'::regnamespace
        """;

    private const string TablesSql = """
        select 'table ' || c.relname from pg_class c where c.relnamespace = 'pgq_node'::regnamespace and c.relkind = 'r'
        union all
        select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
        from information_schema.columns where table_schema = 'pgq_node'
        """;

    private const string KeysSql = """
        select 'key ' || conrelid::regclass::text || ' ' || contype::text || ' ' || pg_get_constraintdef(oid)
        from pg_constraint where connamespace = 'pgq_node'::regnamespace and contype in ('p', 'f', 'u')
        """;

    [Fact]
    public async Task Functions_have_the_original_names_arguments_and_result_columns()
    {
        var (ours, original) = await BothAsync(FunctionsSql);
        Assert.Equal(30, original.Count);
        Assert.Equal(original.Order(), ours.Order());
    }

    [Fact]
    public async Task Tables_have_the_original_columns_and_keys()
    {
        var (ours, original) = await BothAsync(TablesSql + " union all " + KeysSql);
        Assert.Contains("column node_info.node_attrs text YES", original);
        Assert.Equal(original.Order(), ours.Where(x => !DeliberatelyOursOnly.ContainsKey(x) && !x.StartsWith("key pgq_node.schema_migration", StringComparison.Ordinal)).Order());
        Assert.All(DeliberatelyOursOnly.Keys, x => Assert.Contains(x, ours));
    }

    private async Task<(List<string> Ours, List<string> Original)> BothAsync(string sql)
    {
        var ours = await fixture.CreateDatabaseAsync("sig");
        var original = $"{ours}_original";
        await fixture.Cluster.CreateDatabaseAsync(original);
        await fixture.Cluster.ExecuteAsync(original, "create extension pgq; create extension pgq_node");
        return (await ListAsync(ours, sql), await ListAsync(original, sql));
    }

    private async Task<List<string>> ListAsync(string database, string sql)
    {
        await using var connection = await fixture.OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<string>();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetString(0));
        }
        return list;
    }
}
