using Microsoft.Extensions.Logging;
using Skytools.Config;
using Skytools.Scripting;

namespace Pgqd;

/// <summary>
/// pgqd as a Skytools script: turns the [pgqd] section into <see cref="PgqdSettings"/> (again after
/// each reload; a reload with bad values keeps the previous settings) and runs the <see cref="TickerDaemon"/>.
/// </summary>
internal sealed class PgqdScript : ISkytoolsScript
{
    private static readonly string[] CompatibilityOnlyKeys = ["syslog", "syslog_ident", "syslog_facility"];

    private readonly IDatabaseLocator _locator;
    private readonly Lock _lock = new();
    private PgqdSettings? _settings;
    private ScriptConfig? _settingsSource;

    public PgqdScript(IDatabaseLocator? locator = null)
    {
        _locator = locator ?? new ConfigDatabaseLocator();
    }

    public async Task<int> RunAsync(ScriptContext context, CancellationToken cancellationToken)
    {
        var logger = context.LoggerFactory.CreateLogger("pgqd");
        _settings = PgqdSettings.FromConfig(context.Config);
        _settingsSource = context.Config;
        WarnAboutKeys(context.Config, logger);
        var daemon = new TickerDaemon(() => Current(context, logger), _locator, context.WaitForReloadAsync, logger);
        await daemon.RunAsync(cancellationToken);
        return 0;
    }

    /// <summary>The settings of the latest config that produced valid ones.</summary>
    private PgqdSettings Current(ScriptContext context, ILogger logger)
    {
        var config = context.Config;
        lock (_lock)
        {
            if (!ReferenceEquals(config, _settingsSource))
            {
                _settingsSource = config;
                try
                {
                    _settings = PgqdSettings.FromConfig(config);
                    WarnAboutKeys(config, logger);
                }
                catch (ConfigException e)
                {
                    PgqdLog.SettingsRejected(logger, e.Message);
                }
            }
            return _settings!;
        }
    }

    private static void WarnAboutKeys(ScriptConfig config, ILogger logger)
    {
        foreach (var key in config.OwnKeys)
        {
            if (!PgqdSettings.KnownKeys.Contains(key))
            {
                PgqdLog.UnknownKey(logger, config.FileName, key);
            }
            else if (CompatibilityOnlyKeys.Contains(key))
            {
                PgqdLog.IgnoredKey(logger, config.FileName, key);
            }
        }
    }
}
