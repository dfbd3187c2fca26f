using Londiste.Configuration;
using Londiste.Hosting;
using Skytools.Scripting;

namespace Londiste.Cli;

/// <summary>The `worker` command inside the Skytools script host: reads the settings and runs the worker.</summary>
internal sealed class WorkerScript : ISkytoolsScript
{
    private readonly IWorkerRunner _runner;

    public WorkerScript(IWorkerRunner runner)
    {
        _runner = runner;
    }

    public async Task<int> RunAsync(ScriptContext context, CancellationToken cancellationToken)
    {
        var settings = LondisteSettings.FromConfig(context.Config);
        await _runner.RunAsync(settings, context, cancellationToken);
        return 0;
    }
}
