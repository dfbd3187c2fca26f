using System.Diagnostics;
using System.Text;

namespace TestSupport;

/// <summary>Runs a program to completion, as the postgres system user when the tests run as root.</summary>
public static class ProcessRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string program, IEnumerable<string> arguments, bool asPostgresUser, CancellationToken cancellationToken,
        IDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgresUser && PostgresBinaries.RunningAsRoot)
        {
            startInfo.FileName = "runuser";
            startInfo.ArgumentList.Add("-u");
            startInfo.ArgumentList.Add("postgres");
            startInfo.ArgumentList.Add("--");
            startInfo.ArgumentList.Add(program);
        }
        else
        {
            startInfo.FileName = program;
        }
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        using var process = new Process { StartInfo = startInfo };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(cancellationToken);
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    public static async Task RunCheckedAsync(
        string program, IEnumerable<string> arguments, bool asPostgresUser, CancellationToken cancellationToken)
    {
        var args = arguments.ToList();
        var (code, output) = await RunAsync(program, args, asPostgresUser, cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', args)} failed with exit code {code}:\n{output}");
        }
    }
}
