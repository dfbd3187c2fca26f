using System.Text;
using System.Text.RegularExpressions;
using Londiste.Cli;

namespace Londiste.Tests.Cli;

/// <summary>What one in-process run of the londiste command line printed and returned.</summary>
public sealed partial record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var output = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var error = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var code = await LondisteCommandLine.RunAsync(args, output, error, CancellationToken.None);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>stderr without the log line prefix (date, time, pid): "INFO Done".</summary>
    public IReadOnlyList<string> LogLines =>
        Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => LogPrefix().Replace(line, "")).ToList();

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}--- stderr\n{Error}";

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ ")]
    private static partial Regex LogPrefix();
}
