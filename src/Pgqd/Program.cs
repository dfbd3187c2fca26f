namespace Pgqd;

internal static class Program
{
    private static Task<int> Main(string[] args) => PgqdCommandLine.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
}
