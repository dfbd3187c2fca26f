using Londiste.Admin;
using Londiste.Configuration;
using Londiste.Hosting;
using Londiste.Installation;
using Microsoft.Extensions.Logging;
using Skytools.Config;
using Skytools.Connections;
using Skytools.Logging;
using Skytools.Scripting;

namespace Londiste.Cli;

/// <summary>
/// `londiste [options] CONFIG.ini COMMAND [ARGS]` and the one-shot options (--ini, --sql, --install,
/// -V, -h). `worker` runs in the Skytools script host (pidfile, -d, -r/-s/-k); the admin commands run
/// once and exit. Every failure an operator can fix is one line and exit code 1; -v adds stack traces.
/// </summary>
public static class LondisteCommandLine
{
    private const string InstallOption = "--install";
    private const string SqlOption = "--sql";

    /// <param name="worker">the replication worker; null while it is not part of this build</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken, IWorkerRunner? worker = null)
    {
        AdminOptions options;
        ScriptArguments arguments;
        try
        {
            var (extracted, rest) = LondisteOptionParser.Extract(args);
            options = extracted;
            arguments = ScriptArguments.Parse(rest, [SqlOption], [InstallOption]);
        }
        catch (ScriptUsageException e)
        {
            await error.WriteLineAsync($"londiste: {e.Message}");
            return 1;
        }

        if (arguments.Help)
        {
            await output.WriteAsync(Usage.Text);
            return 0;
        }
        if (arguments.Version)
        {
            await output.WriteLineAsync($"londiste (Londiste for .NET) {typeof(LondisteCommandLine).Assembly.GetName().Version}");
            return 0;
        }
        if (arguments.Ini)
        {
            await output.WriteAsync(SampleConfig.Text);
            return 0;
        }
        if (arguments.HasExtra(SqlOption))
        {
            await output.WriteAsync(NodeSchemas.Script());
            return 0;
        }
        if (arguments.TryGetExtra(InstallOption, out var installTarget))
        {
            return await InstallAsync(installTarget!, arguments, error, cancellationToken);
        }
        if (arguments.Positional.Count == 0)
        {
            await error.WriteLineAsync("londiste requires config file: londiste [options] CONFIG.ini COMMAND [ARGS] (londiste --ini prints a sample, --help lists the commands)");
            return 1;
        }

        string section;
        LondisteSettings settings;
        try
        {
            var config = LondisteConfig.Load(arguments.Positional[0], arguments.Overrides);
            section = config.MainSection;
            settings = LondisteSettings.FromConfig(config);
        }
        catch (ConfigException e)
        {
            await error.WriteLineAsync(arguments.Verbose > 0 ? e.ToString() : e.Message);
            return 1;
        }

        // -r/-s/-k signal the running worker whatever command follows; -d only means something for the worker.
        var isWorker = arguments.Positional.Count > 1 && arguments.Positional[1] == "worker";
        if (arguments.Command != ScriptCommand.Run || isWorker || (arguments.Daemon && arguments.Positional.Count == 1))
        {
            if (arguments.Command == ScriptCommand.Run && worker is null)
            {
                await error.WriteLineAsync("londiste: the worker command is not available in this build yet (replication copy and apply are being written); the admin commands work");
                return 1;
            }
            var host = new ScriptHost(new ScriptHostSettings("londiste", section), output, error);
            return await host.RunAsync(arguments, context =>
            {
                WarnUnknownKeys(context.Config, context.LoggerFactory.CreateLogger("londiste"));
                return new WorkerScript(worker!);
            }, cancellationToken);
        }
        if (arguments.Positional.Count < 2)
        {
            await error.WriteLineAsync($"londiste: need command: londiste {arguments.Positional[0]} COMMAND (status, tables, add-table, ...; --help lists them)");
            return 1;
        }
        return await RunAdminAsync(settings, options, arguments, output, error, cancellationToken);
    }

    private static async Task<int> RunAdminAsync(LondisteSettings settings, AdminOptions options, ScriptArguments arguments, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var command = arguments.Positional[1];
        var commandArgs = arguments.Positional.Skip(2).ToList();
        if (AdminCommandCatalog.NotAvailable.Contains(command))
        {
            await error.WriteLineAsync($"londiste: command {command} is not available in this build yet");
            return 1;
        }
        if (!AdminCommandCatalog.IsAdminCommand(command))
        {
            await error.WriteLineAsync($"londiste: unknown command '{command}', use --help for the list of commands");
            return 1;
        }

        SkytoolsLoggerProvider provider;
        try
        {
            provider = new SkytoolsLoggerProvider(LogSettings.FromConfig(settings.Config, arguments.Verbose, arguments.Quiet, console: true), error);
        }
        catch (ConfigException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
        using (provider)
        {
            using var loggerFactory = LoggerFactory.Create(builder => builder.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
            var logger = loggerFactory.CreateLogger("londiste");
            WarnUnknownKeys(settings.Config, logger);
            await using var session = new AdminSession(settings, options, logger, output);
            try
            {
                await AdminCommandCatalog.RunAsync(session, command, commandArgs, cancellationToken);
                return 0;
            }
            catch (AdminException e)
            {
                if (!e.AlreadyLogged || arguments.Verbose > 0)
                {
                    CliLog.CommandFailed(logger, e.Message, arguments.Verbose > 0 ? e : null);
                }
                return 1;
            }
            catch (ConfigException e)
            {
                CliLog.CommandFailed(logger, e.Message, arguments.Verbose > 0 ? e : null);
                return 1;
            }
            catch (Exception e) when (DbErrors.IsDatabaseError(e))
            {
                CliLog.CommandFailed(logger, $"{command}: {DbErrors.Describe(e)}: {DbErrors.Hint(e)}", arguments.Verbose > 0 ? e : null);
                return 1;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                CliLog.Canceled(logger, command);
                return 1;
            }
        }
    }

    private static async Task<int> InstallAsync(string connectString, ScriptArguments arguments, TextWriter error, CancellationToken cancellationToken)
    {
        var shown = ConnectionStringMask.Apply(connectString);
        if (arguments.Positional.Count > 0)
        {
            await error.WriteLineAsync($"londiste --install takes only a connect string, not also {string.Join(' ', arguments.Positional)}: run londiste --install CONNSTR");
            return 1;
        }
        string npgsql;
        try
        {
            npgsql = ConnectionStringConverter.ToNpgsql(connectString);
        }
        catch (ConfigException e)
        {
            await error.WriteLineAsync($"londiste --install: {e.Message}");
            return 1;
        }
        using var provider = new SkytoolsLoggerProvider(LogSettings.ConsoleOnly(arguments.Verbose, arguments.Quiet), error);
        using var loggerFactory = LoggerFactory.Create(builder => builder.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
        try
        {
            await NodeSchemas.InstallAsync(npgsql, cancellationToken, loggerFactory.CreateLogger("londiste"));
            return 0;
        }
        catch (Exception e) when (DbErrors.IsDatabaseError(e))
        {
            await error.WriteLineAsync($"londiste --install: cannot install pgq, pgq_node and londiste into '{shown}': {DbErrors.Describe(e)}: {DbErrors.Hint(e)}");
            if (arguments.Verbose > 0)
            {
                await error.WriteLineAsync(e.ToString());
            }
            return 1;
        }
    }

    private static void WarnUnknownKeys(ScriptConfig config, ILogger logger)
    {
        foreach (var key in LondisteConfig.UnknownKeys(config))
        {
            CliLog.UnknownKey(logger, config.FileName, config.MainSection, key);
        }
    }
}
