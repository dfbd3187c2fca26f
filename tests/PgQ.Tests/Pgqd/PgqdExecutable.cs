using System.Diagnostics;
using System.Text;

namespace PgQ.Tests.Pgqd;

/// <summary>The built pgqd program (copied next to the tests), run as an operator would.</summary>
internal static class PgqdExecutable
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "pgqd");

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var startInfo = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"pgqd {string.Join(' ', args)} did not finish within 120 s");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
