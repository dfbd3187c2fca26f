using Londiste.Cli;
using Londiste.Configuration;
using Londiste.Hosting;
using Skytools.Scripting;

namespace Londiste.Tests.Cli;

public sealed class WorkerHostingTests : IDisposable
{
    private readonly ConfigFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Worker_runs_the_connected_runner_in_the_script_host_with_a_pidfile_until_stopped()
    {
        var ini = _files.Node("dst1_digoal_01", "host=127.0.0.1 dbname=x", extra: "parallel_copies = 16");
        var runner = new RecordingRunner();
        using var stop = new CancellationTokenSource();
        var error = new StringWriter();
        var run = LondisteCommandLine.RunAsync([ini, "worker"], new StringWriter(), error, stop.Token, runner);
        var settings = await runner.Started.Task.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal("dst1_digoal_01", settings.JobName);
        Assert.Equal(16, settings.ParallelCopies);
        var pidfile = Path.Combine(_files.Folder, "pid", "dst1_digoal_01.pid");
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(pidfile).Trim());

        await stop.CancelAsync();
        Assert.Equal(0, await run);
        Assert.False(File.Exists(pidfile));
    }

    private sealed class RecordingRunner : IWorkerRunner
    {
        public TaskCompletionSource<LondisteSettings> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task RunAsync(LondisteSettings settings, ScriptContext context, CancellationToken cancellationToken)
        {
            Started.SetResult(settings);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
