namespace Skytools.Config;

/// <summary>
/// The parsed contents of one .ini file, before interpolation: ordered sections of ordered keys.
/// As in Python's ConfigParser, section names are case-sensitive, keys are case-insensitive (stored
/// lower-case), and the <c>[DEFAULT]</c> section is kept apart: every section falls back to it.
/// </summary>
public sealed class IniDocument
{
    public const string DefaultSection = "DEFAULT";

    private readonly Dictionary<string, Dictionary<string, IniValue>> _sections = new(StringComparer.Ordinal);
    private readonly List<string> _sectionOrder = [];

    public IniDocument(string fileName)
    {
        FileName = fileName;
    }

    /// <summary>The file the values came from (as given), used in every error message.</summary>
    public string FileName { get; }

    /// <summary>Keys of <c>[DEFAULT]</c>; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, IniValue> Defaults => Section(DefaultSection) ?? new Dictionary<string, IniValue>();

    /// <summary>Section names in file order, without <c>[DEFAULT]</c>.</summary>
    public IReadOnlyList<string> Sections => _sectionOrder;

    public bool HasSection(string name) => name != DefaultSection && _sections.ContainsKey(name);

    public IReadOnlyDictionary<string, IniValue>? Section(string name) =>
        _sections.TryGetValue(name, out var keys) ? keys : null;

    /// <summary>Looks a key up in a section, then in <c>[DEFAULT]</c>.</summary>
    public IniValue? Find(string section, string key)
    {
        var lower = key.ToLowerInvariant();
        if (_sections.TryGetValue(section, out var keys) && keys.TryGetValue(lower, out var value))
        {
            return value;
        }
        return _sections.TryGetValue(DefaultSection, out var defaults) && defaults.TryGetValue(lower, out var fallback)
            ? fallback
            : null;
    }

    /// <summary>Every key visible in a section: its own and the inherited <c>[DEFAULT]</c> ones.</summary>
    public IReadOnlyList<string> Keys(string section)
    {
        var result = new List<string>();
        if (_sections.TryGetValue(section, out var keys))
        {
            result.AddRange(keys.Keys);
        }
        if (section != DefaultSection && _sections.TryGetValue(DefaultSection, out var defaults))
        {
            result.AddRange(defaults.Keys.Where(k => !result.Contains(k)));
        }
        return result;
    }

    internal Dictionary<string, IniValue> AddSection(string name)
    {
        var keys = new Dictionary<string, IniValue>(StringComparer.Ordinal);
        _sections.Add(name, keys);
        if (name != DefaultSection)
        {
            _sectionOrder.Add(name);
        }
        return keys;
    }
}
