namespace Pgqd;

internal static class Program
{
    private static int Main() => 1;
}
