using System.Diagnostics;

namespace Skytools.Scripting;

/// <summary>
/// Goes to the background without fork(), which a .NET process cannot do safely: it starts the same
/// program again with the same arguments plus <see cref="ScriptArguments.DaemonChildFlag"/>, in a new
/// session (setsid, so no terminal hang-up reaches it) with stdin/stdout/stderr on /dev/null.
/// The parent waits until the child has written its pidfile (or died) and reports which.
/// </summary>
internal static class Daemonizer
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <returns>the child's pid once it has written the pidfile</returns>
    public static async Task<int> StartAsync(IReadOnlyList<string> arguments, string pidfile, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        // exec keeps one process: sh becomes setsid, which becomes the program (setsid only forks when
        // the caller leads a process group, which a child of ours does not).
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add("exec setsid \"$@\" </dev/null >/dev/null 2>&1");
        startInfo.ArgumentList.Add("sh");
        foreach (var part in SelfCommand())
        {
            startInfo.ArgumentList.Add(part);
        }
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        startInfo.ArgumentList.Add(ScriptArguments.DaemonChildFlag);

        using var child = Process.Start(startInfo) ?? throw new InvalidOperationException("cannot start the background process");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var (state, pid) = Pidfile.Inspect(pidfile);
            if (state == PidfileState.Running && pid != Environment.ProcessId)
            {
                return pid;
            }
            if (child.HasExited)
            {
                throw new InvalidOperationException($"the background process exited with code {child.ExitCode} before writing pidfile {pidfile}: see the logfile, or run without -d to see the error");
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new InvalidOperationException($"the background process did not write pidfile {pidfile} within {StartTimeout.TotalSeconds:0} s: see the logfile");
    }

    /// <summary>How this program was started: the apphost itself, or `dotnet program.dll`.</summary>
    private static IEnumerable<string> SelfCommand()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program is running, so -d cannot restart it; run without -d");
        yield return processPath;
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var entry = Environment.GetCommandLineArgs()[0];
            yield return Path.GetFullPath(entry);
        }
    }
}
