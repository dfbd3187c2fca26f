using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Londiste.Tests.Cli;

/// <summary>
/// The same commands through the original python londiste and through ours, each on its own pair of
/// databases (same names but for one letter, so widths match): stdout, log lines and exit codes must
/// be equal. Where ours words an error differently on purpose, only the exit code and warnings are compared.
/// </summary>
public sealed partial class OriginalComparisonTests(OriginalSqlFixture fixture) : IClassFixture<OriginalSqlFixture>, IDisposable
{
    private const string OriginalLondiste = "/usr/bin/londiste";
    private readonly ConfigFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Admin_commands_print_what_the_original_prints()
    {
        Assert.True(File.Exists(OriginalLondiste), "the original londiste (python3-londiste) is required: run scripts/install-prerequisites.sh");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var original = await SideAsync("o", suffix);
        var ours = await SideAsync("n", suffix);

        string[][] steps =
        [
            ["root", "create-root", "root", "{root}"],
            ["leaf", "create-leaf", "leaf", "{leaf}", "--provider={root}"],
            ["root", "add-table", "app.user_info", "app.user_session"],
            ["leaf", "add-table", "app.user_info", "--skip-truncate", "--copy-node=root", "--max-parallel-copy=2"],
            ["root", "add-seq", "app.user_seq"],
            ["leaf", "add-seq", "app.user_seq"],
            ["leaf", "tables"],
            ["root", "tables"],
            ["leaf", "tables", "--names-only"],
            ["leaf", "seqs"],
            ["leaf", "missing"],
            ["root", "missing"],
            ["leaf", "members"],
            ["leaf", "node-info"],
            ["root", "node-info"],
            ["leaf", "status"],
            ["leaf", "node-status"],
            ["root", "node-status"],
            ["root", "status", "--compact"],
            ["leaf", "resync", "app.user_info"],
            ["leaf", "add-table", "app.user_session", "--expect-sync"],
            ["leaf", "remove-table", "app.user_info"],
            ["leaf", "remove-seq", "app.user_seq"],
            ["leaf", "tables"],
            ["root", "drop-node", "leaf"],
            ["root", "members"],
        ];
        var printed = 0;
        foreach (var step in steps)
        {
            var expected = await RunOriginalAsync(original, step);
            var actual = await RunOursAsync(ours, step);
            var what = string.Join(' ', step);
            Assert.True(expected.ExitCode == actual.ExitCode, $"{what}: exit {actual.ExitCode}, the original {expected.ExitCode}\n{expected}\n{actual}");
            Assert.Equal(Normalize(expected.Output, original), Normalize(actual.Output, ours));
            Assert.Equal(expected.LogLines.Select(l => Normalize(l, original)), actual.LogLines.Select(l => Normalize(l, ours)));
            printed += expected.Output.Length > 0 ? 1 : 0;
        }
        Assert.True(printed >= 10, $"only {printed} commands printed anything: the comparison is not comparing");

        string[][] failures =
        [
            ["root", "add-table", "app.nope"],
            ["leaf", "add-table", "public.plain"],
            ["leaf", "remove-table", "app.nope"],
        ];
        foreach (var step in failures)
        {
            var expected = await RunOriginalAsync(original, step);
            var actual = await RunOursAsync(ours, step);
            Assert.Equal(expected.ExitCode, actual.ExitCode);
            Assert.Equal(expected.LogLines.Where(l => l.StartsWith("WARNING", StringComparison.Ordinal)), actual.LogLines.Where(l => l.StartsWith("WARNING", StringComparison.Ordinal)));
        }
    }

    private sealed record Side(string Letter, string RootDb, string LeafDb, string RootLocation, string LeafLocation, string RootIni, string LeafIni);

    private async Task<Side> SideAsync(string letter, string suffix)
    {
        var root = $"{letter}_root_{suffix}";
        var leaf = $"{letter}_leaf_{suffix}";
        foreach (var db in new[] { root, leaf })
        {
            await fixture.Cluster.CreateDatabaseAsync(db, "original_template");
            await fixture.ExecuteAsync(db, """
                create schema app;
                create table app.user_info (userid int primary key, engname text);
                create table app.user_session (userid int primary key, logintime timestamptz);
                create table public.plain (id int primary key);
                create sequence app.user_seq;
                """);
        }
        var folder = Path.Combine(_files.Folder, letter);
        Directory.CreateDirectory(folder);
        string Ini(string name, string location)
        {
            var path = Path.Combine(folder, name + ".ini");
            File.WriteAllText(path, $"[londiste]\ndb = {location}\nqueue_name = replika\nlogfile = {_files.Folder}/log/{letter}_%(job_name)s.log\npidfile = {_files.Folder}/log/{letter}_%(job_name)s.pid\n");
            return path;
        }
        var rootLocation = fixture.Cluster.LibpqConnectionString(root);
        var leafLocation = fixture.Cluster.LibpqConnectionString(leaf);
        return new Side(letter, root, leaf, rootLocation, leafLocation, Ini("root", rootLocation), Ini("leaf", leafLocation));
    }

    private static string[] Arguments(Side side, string[] step) =>
        [step[0] == "root" ? side.RootIni : side.LeafIni, .. step.Skip(1).Select(a => a.Replace("{root}", side.RootLocation, StringComparison.Ordinal).Replace("{leaf}", side.LeafLocation, StringComparison.Ordinal))];

    private static Task<CliRun> RunOursAsync(Side side, string[] step) => CliRun.RunAsync(Arguments(side, step));

    private static async Task<CliRun> RunOriginalAsync(Side side, string[] step)
    {
        var info = new ProcessStartInfo(OriginalLondiste) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in Arguments(side, step))
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliRun(process.ExitCode, await output, await error);
    }

    /// <summary>Database names and lag differ between the two runs by construction.</summary>
    private static string Normalize(string text, Side side) =>
        Lag().Replace(text.Replace(side.RootDb, "ROOTDB", StringComparison.Ordinal).Replace(side.LeafDb, "LEAFDB", StringComparison.Ordinal), "Lag: L,");

    [GeneratedRegex(@"Lag: [^,]+,")]
    private static partial Regex Lag();
}
