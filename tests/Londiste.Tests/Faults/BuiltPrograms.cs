namespace Londiste.Tests.Faults;

/// <summary>
/// The published `londiste` and `pgqd` executables (./build.sh puts them in artifacts/bin; test.sh builds
/// before testing). Fault tests run them as real processes so that they can be killed with SIGKILL.
/// </summary>
internal static class BuiltPrograms
{
    public static string? Find(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Londiste.slnx")))
            {
                var program = Path.Combine(folder.FullName, "artifacts", "bin", name);
                return File.Exists(program) ? program : null;
            }
        }
        return null;
    }

    /// <summary>The program, or null to skip locally; under CI (which builds them) a missing program fails.</summary>
    public static string? Require(string name)
    {
        var program = Find(name);
        if (program is null && Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
        {
            throw new InvalidOperationException($"artifacts/bin/{name} is missing: run ./build.sh (test.sh does) before the tests");
        }
        return program;
    }
}
