using Microsoft.Extensions.Logging;
using Npgsql;
using PgQ.Installation;
using Skytools.Config;
using Skytools.Connections;
using Skytools.Logging;
using Skytools.Scripting;

namespace Pgqd;

/// <summary>
/// `pgqd --install CONNSTR`: installs or upgrades the pgq schema (plain SQL, no extension, no
/// superuser) in one database and exits. Running it again is harmless: structure changes are
/// applied once, functions are replaced.
/// </summary>
internal static class InstallCommand
{
    public static async Task<int> RunAsync(string connectionString, ScriptArguments arguments, TextWriter error, CancellationToken cancellationToken)
    {
        var shown = ConnectionStringMask.Apply(connectionString);
        if (arguments.Positional.Count > 0)
        {
            await error.WriteLineAsync($"pgqd --install takes only a connection string, not also {string.Join(' ', arguments.Positional)}: run pgqd --install CONNSTR");
            return 1;
        }
        string npgsql;
        try
        {
            npgsql = ConnectionStringConverter.ToNpgsql(connectionString);
        }
        catch (ConfigException e)
        {
            await error.WriteLineAsync($"pgqd --install: {e.Message}");
            return 1;
        }
        using var provider = new SkytoolsLoggerProvider(LogSettings.ConsoleOnly(arguments.Verbose, arguments.Quiet), error);
        using var loggerFactory = LoggerFactory.Create(builder => builder.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
        try
        {
            await SchemaInstaller.InstallPgQAsync(npgsql, cancellationToken, loggerFactory.CreateLogger("pgqd"));
            return 0;
        }
        catch (Exception e) when (DatabaseErrors.IsDatabaseError(e))
        {
            await error.WriteLineAsync($"pgqd --install: cannot install pgq into '{shown}': {DatabaseErrors.Describe(e)}: check the connection string and that the user may create schemas there");
            if (arguments.Verbose > 0)
            {
                await error.WriteLineAsync(e.ToString());
            }
            return 1;
        }
    }
}
