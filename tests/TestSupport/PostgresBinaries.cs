namespace TestSupport;

/// <summary>Where the PostgreSQL 15 server programs are; PG_BIN overrides the Debian default.</summary>
public static class PostgresBinaries
{
    public static string Directory =>
        Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } dir ? dir : "/usr/lib/postgresql/15/bin";

    public static string Path(string program)
    {
        var full = System.IO.Path.Combine(Directory, program);
        if (!File.Exists(full))
        {
            // One clear line: tests need a real server, never a mock of it.
            throw new InvalidOperationException(
                $"PostgreSQL program {full} not found: run ./test.sh (it installs postgresql) or set PG_BIN.");
        }
        return full;
    }

    /// <summary>initdb refuses to run as root; then the server runs as the postgres system user.</summary>
    public static bool RunningAsRoot => Environment.UserName == "root";
}
