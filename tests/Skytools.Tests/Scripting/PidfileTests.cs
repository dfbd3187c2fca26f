using System.Diagnostics;
using Skytools.Config;
using Skytools.Scripting;

namespace Skytools.Tests.Scripting;

public sealed class PidfileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"skytools-pid-{Guid.NewGuid():N}");

    private string PidPath => Path.Combine(_folder, "sub", "x.pid");

    [Fact]
    public void A_missing_pidfile_is_absent()
    {
        Assert.Equal(PidfileState.Absent, Pidfile.Inspect(PidPath).State);
    }

    [Fact]
    public void A_pidfile_naming_a_live_process_is_running()
    {
        Pidfile.Write(PidPath, Environment.ProcessId);

        Assert.Equal((PidfileState.Running, Environment.ProcessId), Pidfile.Inspect(PidPath));
        Assert.Equal($"{Environment.ProcessId}\n", File.ReadAllText(PidPath));
        Assert.False(File.Exists(PidPath + ".new"));
    }

    [Fact]
    public async Task A_pidfile_naming_a_finished_process_is_stale()
    {
        using var process = Process.Start("true")!;
        await process.WaitForExitAsync();
        Pidfile.Write(PidPath, process.Id);

        Assert.Equal((PidfileState.Stale, process.Id), Pidfile.Inspect(PidPath));
        Assert.Equal(PidfileState.Stale, Pidfile.Signal(PidPath, UnixSignal.Hangup).State);
    }

    [Fact]
    public void An_empty_pidfile_is_stale_and_garbage_is_an_error()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PidPath)!);
        File.WriteAllText(PidPath, "");
        Assert.Equal(PidfileState.Stale, Pidfile.Inspect(PidPath).State);

        File.WriteAllText(PidPath, "hello\n");
        var error = Assert.Throws<ConfigException>(() => Pidfile.Inspect(PidPath));
        Assert.StartsWith($"pidfile {PidPath} does not hold a process id ('hello')", error.Message);
    }

    [Fact]
    public void Only_the_process_named_in_the_pidfile_removes_it()
    {
        Pidfile.Write(PidPath, Environment.ProcessId);

        Assert.False(Pidfile.RemoveIfOwned(PidPath, Environment.ProcessId + 1));
        Assert.True(File.Exists(PidPath));
        Assert.True(Pidfile.RemoveIfOwned(PidPath, Environment.ProcessId));
        Assert.False(File.Exists(PidPath));
    }

    [Fact]
    public async Task Signal_reaches_the_process_in_the_pidfile()
    {
        using var sleeper = Process.Start("sleep", "60")!;
        try
        {
            Pidfile.Write(PidPath, sleeper.Id);

            var (state, pid) = Pidfile.Signal(PidPath, UnixSignal.Terminate);

            Assert.Equal((PidfileState.Running, sleeper.Id), (state, pid));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await sleeper.WaitForExitAsync(timeout.Token);
            Assert.Equal(143, sleeper.ExitCode);
        }
        finally
        {
            if (!sleeper.HasExited)
            {
                sleeper.Kill();
            }
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
