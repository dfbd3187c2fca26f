using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Londiste.Tests.Cli;

/// <summary>
/// The same commands through the original python londiste and through ours, each on its own pair of
/// databases (four nodes: root, branch and two leaves; same names but for one letter, so widths match): stdout, log lines and exit codes must
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
            ["br", "create-branch", "br", "{br}", "--provider={root}"],
            ["sub", "create-leaf", "sub", "{sub}", "--provider={br}"],
            ["root", "add-table", "app.user_info", "app.user_session"],
            ["br", "add-table", "app.*"],
            ["sub", "add-table", "app.user_session", "--create"],
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
            ["sub", "status"],
            ["br", "node-status"],
            ["sub", "members"],
            ["leaf", "resync", "app.user_info"],
            ["leaf", "add-table", "app.user_session", "--expect-sync"],
            ["leaf", "remove-table", "app.user_info"],
            ["leaf", "remove-seq", "app.user_seq"],
            ["leaf", "tables"],
            ["root", "drop-node", "leaf"],
            ["!root", "drop-node", "br"],
            ["sub", "drop-node", "sub"],
            ["root", "drop-node", "br"],
            ["root", "members"],
            ["root", "tag-dead", "ghost"],
            ["root", "members"],
        ];
        var printed = 0;
        foreach (var marked in steps)
        {
            // "!": ours words this error differently on purpose; compare the exit code and warnings only.
            var errorWordedOurWay = marked[0].StartsWith('!');
            string[] step = [marked[0].TrimStart('!'), .. marked.Skip(1)];
            var expected = await RunOriginalAsync(original, step);
            var actual = await RunOursAsync(ours, step);
            if (errorWordedOurWay)
            {
                AssertSameFailure(expected, actual);
                continue;
            }
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
            AssertSameFailure(await RunOriginalAsync(original, step), await RunOursAsync(ours, step));
        }
    }

    private static void AssertSameFailure(CliRun expected, CliRun actual)
    {
        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.NotEqual(0, actual.ExitCode);
        Assert.Equal(expected.LogLines.Where(l => l.StartsWith("WARNING", StringComparison.Ordinal)), actual.LogLines.Where(l => l.StartsWith("WARNING", StringComparison.Ordinal)));
    }

    private sealed record Node(string Db, string Location, string Ini);

    private sealed record Side(string Letter, IReadOnlyDictionary<string, Node> Nodes);

    private static readonly string[] NodeNames = ["root", "leaf", "br", "sub"];

    private async Task<Side> SideAsync(string letter, string suffix)
    {
        var folder = Path.Combine(_files.Folder, letter);
        Directory.CreateDirectory(folder);
        var nodes = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var name in NodeNames)
        {
            var db = $"{letter}_{name}_{suffix}";
            await fixture.Cluster.CreateDatabaseAsync(db, "original_template");
            await fixture.ExecuteAsync(db, """
                create schema app;
                create table app.user_info (userid int primary key, engname text);
                create table app.user_session (userid int primary key, logintime timestamptz);
                create table public.plain (id int primary key);
                create sequence app.user_seq;
                """);
            var location = fixture.Cluster.LibpqConnectionString(db);
            var ini = Path.Combine(folder, name + ".ini");
            await File.WriteAllTextAsync(ini, $"[londiste]\ndb = {location}\nqueue_name = replika\nlogfile = {_files.Folder}/log/{letter}_%(job_name)s.log\npidfile = {_files.Folder}/log/{letter}_%(job_name)s.pid\n");
            nodes[name] = new Node(db, location, ini);
        }
        return new Side(letter, nodes);
    }

    private static string[] Arguments(Side side, string[] step)
    {
        var args = new List<string> { side.Nodes[step[0]].Ini };
        foreach (var arg in step.Skip(1))
        {
            var text = arg;
            foreach (var (name, node) in side.Nodes)
            {
                text = text.Replace("{" + name + "}", node.Location, StringComparison.Ordinal);
            }
            args.Add(text);
        }
        return args.ToArray();
    }

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
    private static string Normalize(string text, Side side)
    {
        foreach (var (name, node) in side.Nodes)
        {
            text = text.Replace(node.Db, name.ToUpperInvariant() + "DB", StringComparison.Ordinal);
        }
        return Lag().Replace(text, "Lag: L,");
    }

    [GeneratedRegex(@"Lag: [^,]+,")]
    private static partial Regex Lag();
}
