using System.Reflection;

namespace PgQ.Installation;

/// <summary>
/// What installing one schema means: numbered structure migrations (each applied once, recorded in
/// <c>&lt;schema&gt;.schema_migration</c>), then every function file (create or replace, so re-running
/// is harmless and an upgrade simply replaces them), then grants.
/// The list file (<c>&lt;schema&gt;/install.list</c>) is the single ordered source of truth.
/// </summary>
public sealed class InstallPlan
{
    private InstallPlan(Assembly assembly, string schema, IReadOnlyList<Migration> migrations, IReadOnlyList<string> functionFiles, IReadOnlyList<string> finalFiles)
    {
        Assembly = assembly;
        Schema = schema;
        Migrations = migrations;
        FunctionFiles = functionFiles;
        FinalFiles = finalFiles;
    }

    /// <summary>The assembly the SQL files are embedded in.</summary>
    public Assembly Assembly { get; }
    public string Schema { get; }
    public IReadOnlyList<Migration> Migrations { get; }
    public IReadOnlyList<string> FunctionFiles { get; }
    public IReadOnlyList<string> FinalFiles { get; }

    public int LatestRevision => Migrations.Count == 0 ? 0 : Migrations[^1].Revision;

    /// <summary>Reads <c>&lt;schema&gt;/install.list</c>: paths under migrations/ are structure, functions/ are functions, the rest run last.</summary>
    public static InstallPlan Load(string schema) => Load(SqlResources.PgQAssembly, schema);

    /// <summary>Reads <c>&lt;schema&gt;/install.list</c> embedded in <paramref name="assembly"/>.</summary>
    public static InstallPlan Load(Assembly assembly, string schema)
    {
        var migrations = new List<Migration>();
        var functions = new List<string>();
        var final = new List<string>();
        foreach (var path in SqlResources.ReadList(assembly, $"{schema}/install.list"))
        {
            var full = $"{schema}/{path}";
            if (path.StartsWith("migrations/", StringComparison.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(path);
                var revision = int.Parse(name.Split('_')[0]);
                migrations.Add(new Migration(revision, name, full));
            }
            else if (path.StartsWith("functions/", StringComparison.Ordinal))
            {
                functions.Add(full);
            }
            else
            {
                final.Add(full);
            }
        }
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Revision != i + 1)
            {
                throw new InvalidOperationException($"{schema}/install.list: migration {migrations[i].Name} is out of order (expected revision {i + 1})");
            }
        }
        return new InstallPlan(assembly, schema, migrations, functions, final);
    }

    /// <summary>The whole install script as one text, for a DBA to review (pgqd --sql).</summary>
    public string Script()
    {
        var parts = new List<string> { $"-- {Schema} schema, revision {LatestRevision}", "begin;", $"create schema if not exists {Schema};" };
        parts.Add(SchemaInstaller.MigrationTableSql(Schema));
        foreach (var migration in Migrations)
        {
            // Each migration guards itself, so running this script twice (or over an older
            // revision) is as harmless as running the installer.
            var tag = $"$migration_{migration.Revision}$";
            parts.Add($"-- migration {migration.Name}");
            parts.Add($"do {tag}\nbegin\n    if not exists (select 1 from {Schema}.schema_migration where revision = {migration.Revision}) then\n"
                + $"        execute $sql_{migration.Revision}$\n{SqlResources.Read(Assembly, migration.Path)}\n$sql_{migration.Revision}$;\n"
                + $"        insert into {Schema}.schema_migration (revision, name) values ({migration.Revision}, '{migration.Name}');\n"
                + $"    end if;\nend\n{tag};");
        }
        parts.AddRange(FunctionFiles.Select(f => SqlResources.Read(Assembly, f)));
        parts.AddRange(FinalFiles.Select(f => SqlResources.Read(Assembly, f)));
        parts.Add("commit;");
        return string.Join("\n", parts) + "\n";
    }
}

/// <summary>One structure change, applied once and recorded by revision number.</summary>
public sealed record Migration(int Revision, string Name, string Path);
