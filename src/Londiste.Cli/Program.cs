namespace Londiste.Cli;

/// <summary>
/// `londiste [options] CONFIG.ini COMMAND [ARGS]`. This build carries the queue layer only
/// (PgQ and pgqd); replication commands are refused with one clear line until they exist.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Contains("--ini"))
        {
            Console.WriteLine(SampleConfig.Text);
            return 0;
        }
        if (args.Contains("-V") || args.Contains("--version"))
        {
            Console.WriteLine($"londiste (Londiste for .NET) {typeof(Program).Assembly.GetName().Version}");
            return 0;
        }
        if (args.Length == 0 || args.Contains("-h") || args.Contains("--help"))
        {
            Console.WriteLine("usage: londiste [options] CONFIG.ini COMMAND [ARGS]");
            Console.WriteLine("       londiste --ini       print a sample configuration");
            return args.Length == 0 ? 1 : 0;
        }
        var command = args.SkipWhile(a => a.StartsWith('-')).Skip(1).FirstOrDefault() ?? "(none)";
        Console.Error.WriteLine($"londiste: command \"{command}\" is not available in this build yet; it has the queue layer only (pgq schema, pgqd)");
        return 1;
    }
}
