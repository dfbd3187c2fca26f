using System.Reflection;

namespace PgQ.Installation;

/// <summary>Reads the SQL files embedded in this assembly (logical names are paths under Sql/).</summary>
internal static class SqlResources
{
    private static readonly Assembly Assembly = typeof(SqlResources).Assembly;

    public static string Read(string path)
    {
        using var stream = Assembly.GetManifestResourceStream(path)
            ?? throw new InvalidOperationException($"embedded SQL file {path} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static IReadOnlyList<string> AllPaths(string prefix) =>
        Assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order().ToList();

    /// <summary>Lines of an install list: one path per line, '#' starts a comment.</summary>
    public static IReadOnlyList<string> ReadList(string path) =>
        Read(path).Split('\n')
            .Select(line => line.Split('#')[0].Trim())
            .Where(line => line.Length > 0)
            .ToList();
}
