using Npgsql;
using PgQ.Installation;
using Skytools.Config;
using Skytools.Scripting;

namespace Pgqd;

/// <summary>
/// `pgqd [options] pgqd.ini` and the one-shot commands (--ini, --sql, --install, -V, -h).
/// Usage and config mistakes are one line on stderr and exit code 1, checked before going to the
/// background so that they reach the terminal.
/// </summary>
internal static class PgqdCommandLine
{
    private const string InstallOption = "--install";
    private const string SqlOption = "--sql";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken, IDatabaseLocator? locator = null)
    {
        ScriptArguments arguments;
        try
        {
            arguments = ScriptArguments.Parse(args, [SqlOption], [InstallOption]);
        }
        catch (ScriptUsageException e)
        {
            await error.WriteLineAsync($"pgqd: {e.Message}");
            return 1;
        }

        if (arguments.Help)
        {
            await output.WriteAsync(PgqdInfo.Usage);
            return 0;
        }
        if (arguments.Version)
        {
            await output.WriteLineAsync(PgqdInfo.VersionLine);
            return 0;
        }
        if (arguments.Ini)
        {
            await output.WriteAsync(PgqdInfo.SampleIni);
            return 0;
        }
        if (arguments.HasExtra(SqlOption))
        {
            await output.WriteAsync(InstallPlan.Load("pgq").Script());
            return 0;
        }
        if (arguments.TryGetExtra(InstallOption, out var connectionString))
        {
            return await InstallCommand.RunAsync(connectionString!, arguments, error, cancellationToken);
        }

        var host = new ScriptHost(new ScriptHostSettings("pgqd", PgqdSettings.Section), output, error);
        if (arguments.Positional.Count != 1)
        {
            await error.WriteLineAsync(arguments.Positional.Count == 0
                ? "pgqd requires config file: pgqd [options] pgqd.ini (pgqd --ini prints a sample)"
                : $"pgqd takes one config file, got {arguments.Positional.Count} arguments: {string.Join(' ', arguments.Positional)}");
            return 1;
        }
        if (arguments.Command == ScriptCommand.Run)
        {
            try
            {
                PgqdSettings.FromConfig(host.LoadConfig(arguments));
            }
            catch (ConfigException e)
            {
                await error.WriteLineAsync(arguments.Verbose > 0 ? e.ToString() : e.Message);
                return 1;
            }
        }
        return await host.RunAsync(arguments, _ => new PgqdScript(locator), cancellationToken);
    }
}
