using System.Reflection;

namespace PgQ.Installation;

/// <summary>
/// Reads SQL files embedded in an assembly (logical names are paths under Sql/). PgQ's own files
/// live in this assembly; pgq_node and londiste live in the Londiste assembly and pass it in.
/// </summary>
public static class SqlResources
{
    public static Assembly PgQAssembly { get; } = typeof(SqlResources).Assembly;

    public static string Read(string path) => Read(PgQAssembly, path);

    public static string Read(Assembly assembly, string path)
    {
        using var stream = assembly.GetManifestResourceStream(path)
            ?? throw new InvalidOperationException($"embedded SQL file {path} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static IReadOnlyList<string> AllPaths(string prefix) => AllPaths(PgQAssembly, prefix);

    public static IReadOnlyList<string> AllPaths(Assembly assembly, string prefix) =>
        assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order().ToList();

    public static IReadOnlyList<string> ReadList(string path) => ReadList(PgQAssembly, path);

    /// <summary>Lines of an install list: one path per line, '#' starts a comment.</summary>
    public static IReadOnlyList<string> ReadList(Assembly assembly, string path) =>
        Read(assembly, path).Split('\n')
            .Select(line => line.Split('#')[0].Trim())
            .Where(line => line.Length > 0)
            .ToList();
}
