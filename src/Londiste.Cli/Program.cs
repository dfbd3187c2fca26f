namespace Londiste.Cli;

/// <summary>`londiste [options] CONFIG.ini COMMAND [ARGS]`; see <see cref="LondisteCommandLine"/>.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        // Ctrl-C stops a waiting admin command (pause, wait-sync) cleanly; the worker has its own signal handling.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await LondisteCommandLine.RunAsync(args, Console.Out, Console.Error, cancel.Token, new Londiste.Hosting.ReplicationWorkerRunner());
    }
}
