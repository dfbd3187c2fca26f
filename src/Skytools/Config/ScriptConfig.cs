using System.Globalization;

namespace Skytools.Config;

/// <summary>
/// The config of one script: an .ini file read with ConfigParser rules, looked at through its main
/// section (<c>[pgqd]</c>, <c>[londiste]</c>), with the variables Skytools predefines and the
/// command-line <c>--set key=value</c> overrides. Values are expanded on read; the typed getters
/// turn a bad value into a <see cref="ConfigException"/> naming file, section and key.
/// Immutable: a reload builds a new instance (<see cref="Reload"/>), so readers never see half a file.
/// </summary>
public sealed class ScriptConfig
{
    private readonly IniDocument _document;
    private readonly IReadOnlyDictionary<string, string> _predefined;
    private readonly IReadOnlyDictionary<string, string> _overrides;
    private readonly Interpolator _interpolator;

    private ScriptConfig(IniDocument document, string mainSection, IReadOnlyDictionary<string, string> predefined, IReadOnlyDictionary<string, string> overrides)
    {
        _document = document;
        MainSection = mainSection;
        _predefined = predefined;
        _overrides = overrides;
        var format = RawFormat(document, mainSection);
        _interpolator = new Interpolator(document, LookupRaw, format);
    }

    public string FileName => _document.FileName;
    public string MainSection { get; }
    public IniDocument Document => _document;

    /// <summary>Reads <paramref name="fileName"/>; its <paramref name="mainSection"/> must exist.</summary>
    public static ScriptConfig Load(string fileName, string mainSection, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var document = IniParser.ParseFile(fileName);
        if (!document.HasSection(mainSection))
        {
            throw new ConfigException($"config file {fileName} has no [{mainSection}] section: add one (--ini prints a sample)");
        }
        return new ScriptConfig(document, mainSection, Predefined(fileName, mainSection), NormalizeOverrides(overrides));
    }

    /// <summary>A config made from text, for tests and for checking the --ini sample.</summary>
    public static ScriptConfig Parse(string text, string fileName, string mainSection, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var document = IniParser.Parse(text, fileName);
        if (!document.HasSection(mainSection))
        {
            throw new ConfigException($"config file {fileName} has no [{mainSection}] section: add one (--ini prints a sample)");
        }
        return new ScriptConfig(document, mainSection, Predefined(fileName, mainSection), NormalizeOverrides(overrides));
    }

    /// <summary>Reads the same file again (SIGHUP), keeping the overrides.</summary>
    public ScriptConfig Reload() => Load(FileName, MainSection, _overrides);

    /// <summary>
    /// The variables Skytools makes available in values: <c>job_name</c> (file name without extension),
    /// <c>service_name</c> (the main section), <c>host_name</c>, <c>config_dir</c>, <c>config_file</c>.
    /// A key of the same name in the file wins.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Predefined(string fileName, string mainSection) =>
        new Dictionary<string, string>
        {
            ["job_name"] = Path.GetFileNameWithoutExtension(fileName),
            ["service_name"] = mainSection,
            ["host_name"] = System.Net.Dns.GetHostName(),
            ["config_dir"] = Path.GetDirectoryName(fileName) ?? "",
            ["config_file"] = fileName,
        };

    public bool HasKey(string key) => LookupRaw(MainSection, key.ToLowerInvariant()) is not null;

    /// <summary>Keys set in the main section itself (not inherited, not predefined), for spotting typos.</summary>
    public IReadOnlyList<string> OwnKeys => _document.Section(MainSection)?.Keys.ToList() ?? [];

    public string GetString(string key) => Lookup(key) ?? throw Missing(key);

    public string GetString(string key, string defaultValue) => Lookup(key) ?? defaultValue;

    public int GetInt(string key) => ParseInt(key, GetString(key));

    public int GetInt(string key, int defaultValue) => Lookup(key) is { } value ? ParseInt(key, value) : defaultValue;

    public double GetFloat(string key) => ParseFloat(key, GetString(key));

    public double GetFloat(string key, double defaultValue) => Lookup(key) is { } value ? ParseFloat(key, value) : defaultValue;

    public bool GetBool(string key) => ParseBool(key, GetString(key));

    public bool GetBool(string key, bool defaultValue) => Lookup(key) is { } value ? ParseBool(key, value) : defaultValue;

    /// <summary>A time interval in seconds (fractions allowed); see <see cref="DurationParser"/> for the accepted units.</summary>
    public TimeSpan GetSeconds(string key) => ParseSeconds(key, GetString(key));

    public TimeSpan GetSeconds(string key, TimeSpan defaultValue) => Lookup(key) is { } value ? ParseSeconds(key, value) : defaultValue;

    /// <summary>Comma-separated list, items trimmed; an empty value is an empty list.</summary>
    public IReadOnlyList<string> GetList(string key) => SplitList(GetString(key));

    public IReadOnlyList<string> GetList(string key, IReadOnlyList<string> defaultValue) => Lookup(key) is { } value ? SplitList(value) : defaultValue;

    /// <summary>A file name, with a leading <c>~</c> expanded to the home folder; "" and "-" are returned as they are.</summary>
    public string GetFile(string key, string defaultValue = "")
    {
        var value = GetString(key, defaultValue);
        if (value.Length == 0 || value == "-")
        {
            return value;
        }
        if (value == "~" || value.StartsWith("~/", StringComparison.Ordinal))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return home + value[1..];
        }
        return value;
    }

    /// <summary>Expanded value of any key in any section (with [DEFAULT] and predefined fallbacks), or null.</summary>
    public string? Lookup(string key, string? section = null)
    {
        var sectionName = section ?? MainSection;
        var lower = key.ToLowerInvariant();
        var raw = LookupRaw(sectionName, lower);
        return raw is null ? null : _interpolator.Expand(sectionName, lower, raw);
    }

    internal static IReadOnlyList<string> SplitList(string value) =>
        value.Trim().Length == 0 ? [] : value.Split(',').Select(item => item.Trim()).ToList();

    private string? LookupRaw(string section, string lowerKey)
    {
        if (section == MainSection && _overrides.TryGetValue(lowerKey, out var overridden))
        {
            return overridden;
        }
        if (_document.Find(section, lowerKey) is { } value)
        {
            return value.Raw;
        }
        return _predefined.TryGetValue(lowerKey, out var predefined) ? predefined : null;
    }

    private static int RawFormat(IniDocument document, string mainSection)
    {
        var raw = document.Find(mainSection, "config_format")?.Raw.Trim() ?? "1";
        return raw switch
        {
            "1" => 1,
            "2" => 2,
            _ => throw new ConfigException($"{document.FileName}: [{mainSection}] config_format: '{raw}' is not supported: use 1 (%(name)s references) or 2 (${{name}} references)"),
        };
    }

    private static Dictionary<string, string> NormalizeOverrides(IReadOnlyDictionary<string, string>? overrides) =>
        overrides?.ToDictionary(pair => pair.Key.Trim().ToLowerInvariant(), pair => pair.Value) ?? [];

    private ConfigException Missing(string key) =>
        new($"{FileName}: [{MainSection}] {key.ToLowerInvariant()} is not set: add '{key.ToLowerInvariant()} = ...' to [{MainSection}]");

    private ConfigException BadValue(string key, string value, string expected) =>
        new($"{FileName}: [{MainSection}] {key.ToLowerInvariant()} = '{value}' is not {expected}: fix the value");

    private int ParseInt(string key, string value) =>
        int.TryParse(value.Trim().Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw BadValue(key, value, "a whole number");

    private double ParseFloat(string key, string value) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var result) && double.IsFinite(result)
            ? result
            : throw BadValue(key, value, "a number");

    private bool ParseBool(string key, string value) =>
        value.Trim().ToLowerInvariant() switch
        {
            "1" or "yes" or "true" or "on" => true,
            "0" or "no" or "false" or "off" => false,
            _ => throw BadValue(key, value, "a boolean (1/0, yes/no, true/false, on/off)"),
        };

    private TimeSpan ParseSeconds(string key, string value) =>
        DurationParser.TryParse(value, out var result)
            ? result
            : throw BadValue(key, value, "a time interval (seconds such as 1, 0.5, or with a unit: 500ms, 2s, 5min, 1h)");
}
