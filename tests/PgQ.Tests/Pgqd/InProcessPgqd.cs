using Pgqd;

namespace PgQ.Tests.Pgqd;

/// <summary>pgqd's command line run inside the test process, with its log captured; stopped by cancellation.</summary>
internal sealed class InProcessPgqd : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly string _folder;
    private readonly Task<int> _run;

    private InProcessPgqd(string iniText, IDatabaseLocator? locator)
    {
        _folder = Path.Combine(Path.GetTempPath(), $"pgqd-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        IniPath = Path.Combine(_folder, "pgqd.ini");
        File.WriteAllText(IniPath, iniText);
        _run = Task.Run(() => PgqdCommandLine.RunAsync(["-v", IniPath], Log, Log, _stop.Token, locator));
    }

    public string IniPath { get; }
    public CapturingWriter Log { get; } = new();
    public Task<int> Completion => _run;

    public static InProcessPgqd Start(string iniText, IDatabaseLocator? locator = null) => new(iniText, locator);

    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }
        _stop.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
