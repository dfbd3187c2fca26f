namespace Londiste.Cli;

internal static class Program
{
    private static int Main() => 1;
}
