using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Skytools.Config;
using Skytools.Logging;

namespace Skytools.Scripting;

/// <summary>
/// Runs a Skytools script the way the originals do: reads the config, sends -r/-s/-k to the process
/// in the pidfile, or runs (detached with -d), holding the pidfile while it runs and removing it on
/// exit. SIGINT/SIGTERM (or the caller's token) stop the script; SIGHUP re-reads the config.
/// Every operator mistake is one line on stderr and exit code 1; stack traces only with -v.
/// </summary>
public sealed class ScriptHost
{
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);

    private readonly ScriptHostSettings _settings;
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public ScriptHost(ScriptHostSettings settings, TextWriter? output = null, TextWriter? error = null)
    {
        _settings = settings;
        _out = output ?? Console.Out;
        _error = error ?? Console.Error;
    }

    /// <summary>Loads the config named by the first positional argument, with the --set overrides.</summary>
    public ScriptConfig LoadConfig(ScriptArguments arguments)
    {
        if (arguments.Positional.Count == 0)
        {
            throw new ScriptUsageException($"{_settings.ServiceName} requires config file: {_settings.ServiceName} [options] CONFIG.ini");
        }
        return ScriptConfig.Load(arguments.Positional[0], _settings.MainSection, arguments.Overrides);
    }

    /// <param name="stopToken">stops the script like SIGINT (used when the host runs inside another program or a test)</param>
    public async Task<int> RunAsync(ScriptArguments arguments, Func<ScriptContext, ISkytoolsScript> createScript, CancellationToken stopToken = default)
    {
        try
        {
            var config = LoadConfig(arguments);
            var pidfile = config.GetFile("pidfile", "");
            if (arguments.Command != ScriptCommand.Run)
            {
                return await SendCommandAsync(arguments.Command, pidfile, stopToken);
            }
            if (arguments.Daemon && pidfile.Length == 0)
            {
                throw new ConfigException($"Daemon needs pidfile: set pidfile in [{_settings.MainSection}] of {config.FileName}");
            }
            if (pidfile.Length > 0 && Pidfile.Inspect(pidfile) is (PidfileState.Running, var runningPid) && runningPid != Environment.ProcessId)
            {
                throw new ConfigException($"Pidfile exists, another process running? ({pidfile} names process {runningPid}): stop it with -s, or remove the pidfile if that process is not {_settings.ServiceName}");
            }
            if (arguments.Daemon && !arguments.DaemonChild)
            {
                // Validate logging now, while errors can still reach the terminal.
                using (new SkytoolsLoggerProvider(LogSettings.FromConfig(config, arguments.Verbose, arguments.Quiet, console: false)))
                {
                }
                await Daemonizer.StartAsync(arguments.Original, pidfile, stopToken);
                return 0;
            }
            return await RunScriptAsync(arguments, config, pidfile, createScript, stopToken);
        }
        catch (Exception e) when (e is ConfigException or ScriptUsageException || (e is InvalidOperationException && !arguments.DaemonChild))
        {
            await _error.WriteLineAsync(arguments.Verbose > 0 ? e.ToString() : e.Message);
            return 1;
        }
    }

    private async Task<int> RunScriptAsync(ScriptArguments arguments, ScriptConfig config, string pidfile, Func<ScriptContext, ISkytoolsScript> createScript, CancellationToken stopToken)
    {
        using var provider = new SkytoolsLoggerProvider(LogSettings.FromConfig(config, arguments.Verbose, arguments.Quiet, console: !arguments.DaemonChild), _error);
        using var loggerFactory = LoggerFactory.Create(builder => builder.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
        var logger = loggerFactory.CreateLogger(_settings.ServiceName);
        var context = new ScriptContext(config, arguments, loggerFactory, arguments.DaemonChild);

        var ownPidfile = false;
        if (pidfile.Length > 0)
        {
            var (state, stalePid) = Pidfile.Inspect(pidfile);
            if (state == PidfileState.Stale)
            {
                HostLog.StalePidfile(logger, pidfile, stalePid);
            }
            try
            {
                Pidfile.Write(pidfile, Environment.ProcessId);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigException($"cannot write pidfile {pidfile}: {e.Message}: fix the path or its permissions");
            }
            ownPidfile = true;
            HostLog.WrotePidfile(logger, pidfile, Environment.ProcessId);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopToken);
        var signals = RegisterSignals(logger, context, provider, arguments, stop);
        try
        {
            var script = createScript(context);
            return await script.RunAsync(context, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e)
        {
            HostLog.Crashed(logger, SafeJobName(context), e.Message, e);
            return 1;
        }
        finally
        {
            foreach (var registration in signals)
            {
                registration.Dispose();
            }
            if (ownPidfile)
            {
                Pidfile.RemoveIfOwned(pidfile, Environment.ProcessId);
            }
        }
    }

    private static List<PosixSignalRegistration> RegisterSignals(ILogger logger, ScriptContext context, SkytoolsLoggerProvider provider, ScriptArguments arguments, CancellationTokenSource stop)
    {
        PosixProcess.ResetIfIgnored(UnixSignal.Interrupt);
        PosixProcess.ResetIfIgnored(UnixSignal.Terminate);
        PosixProcess.ResetIfIgnored(UnixSignal.Hangup);
        return CreateRegistrations(logger, context, provider, arguments, stop);
    }

    private static List<PosixSignalRegistration> CreateRegistrations(ILogger logger, ScriptContext context, SkytoolsLoggerProvider provider, ScriptArguments arguments, CancellationTokenSource stop) =>
    [
        PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            HostLog.GotSigint(logger);
            stop.Cancel();
        }),
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            HostLog.GotSigterm(logger);
            stop.Cancel();
        }),
        PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
        {
            signal.Cancel = true;
            HostLog.GotSighup(logger);
            Reload(logger, context, provider, arguments);
        }),
    ];

    /// <summary>Re-reads the config file; a broken file keeps the running config (the daemon must not die of a typo).</summary>
    public static void Reload(ILogger logger, ScriptContext context, SkytoolsLoggerProvider provider, ScriptArguments arguments)
    {
        try
        {
            var config = context.Config.Reload();
            provider.Reconfigure(LogSettings.FromConfig(config, arguments.Verbose, arguments.Quiet, provider.Settings.Console));
            context.Replace(config);
            HostLog.ConfigReloaded(logger);
        }
        catch (ConfigException e)
        {
            HostLog.ConfigReloadFailed(logger, e.Message);
        }
    }

    private async Task<int> SendCommandAsync(ScriptCommand command, string pidfile, CancellationToken cancellationToken)
    {
        if (pidfile.Length == 0)
        {
            throw new ConfigException($"No pidfile configured: set pidfile in [{_settings.MainSection}] to use -r, -s or -k");
        }
        var (signal, name) = command switch
        {
            ScriptCommand.Reload => (UnixSignal.Hangup, "SIGHUP"),
            ScriptCommand.Stop => (UnixSignal.Interrupt, "SIGINT"),
            _ => (UnixSignal.Terminate, "SIGTERM"),
        };
        var (state, pid) = Pidfile.Signal(pidfile, signal);
        if (state != PidfileState.Running)
        {
            await _error.WriteLineAsync($"Old process is not running (pidfile {pidfile})");
            return 0;
        }
        await _error.WriteLineAsync($"{name} sent");
        if (command == ScriptCommand.Kill)
        {
            // -k must end the process even if it hangs: SIGTERM first (it removes its pidfile), SIGKILL after a grace time.
            var deadline = DateTime.UtcNow + KillGrace;
            while (PosixProcess.IsAlive(pid) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
            if (PosixProcess.IsAlive(pid) && PosixProcess.Send(pid, UnixSignal.Kill))
            {
                await _error.WriteLineAsync($"process {pid} still running after {KillGrace.TotalSeconds:0} s; SIGKILL sent");
                Pidfile.RemoveIfOwned(pidfile, pid);
            }
        }
        return 0;
    }

    private static string SafeJobName(ScriptContext context)
    {
        try
        {
            return context.JobName;
        }
        catch (ConfigException)
        {
            return "?";
        }
    }
}
