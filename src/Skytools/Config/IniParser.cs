namespace Skytools.Config;

/// <summary>
/// Reads .ini text the way Python's ConfigParser does in the Skytools tools, so existing config
/// files mean the same thing here:
/// <list type="bullet">
/// <item><c>[section]</c> headers; a key before any header is an error;</item>
/// <item><c>key = value</c> or <c>key: value</c> (the first <c>=</c> or <c>:</c> splits), key and value trimmed, key lower-cased;</item>
/// <item>lines whose first non-blank character is <c>#</c> or <c>;</c> are comments (no inline comments);</item>
/// <item>a line indented deeper than its key continues the value (joined with a newline); blank lines
/// inside such a value are kept, trailing ones dropped;</item>
/// <item>a section or a key given twice is an error (ConfigParser's strict mode).</item>
/// </list>
/// </summary>
public static class IniParser
{
    public static IniDocument ParseFile(string fileName)
    {
        string text;
        try
        {
            text = File.ReadAllText(fileName);
        }
        catch (FileNotFoundException)
        {
            throw new ConfigException($"config file not found: {fileName}: check the path, or create it (--ini prints a sample)");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ConfigException($"config file not found: {fileName}: check the path, or create it (--ini prints a sample)");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ConfigException($"config file {fileName} is not readable: check its permissions");
        }
        catch (IOException e)
        {
            throw new ConfigException($"config file {fileName} cannot be read: {e.Message}");
        }
        return Parse(text, fileName);
    }

    public static IniDocument Parse(string text, string fileName)
    {
        var document = new IniDocument(fileName);
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        if (lines.Length > 0 && lines[0].StartsWith('\uFEFF'))
        {
            lines[0] = lines[0][1..];
        }

        Dictionary<string, IniValue>? section = null;
        string? sectionName = null;
        string? key = null;
        int keyIndent = int.MaxValue;
        var valueLines = new List<string>();
        var keyLine = 0;

        void FinishValue()
        {
            if (section is not null && key is not null)
            {
                section[key] = new IniValue(string.Join('\n', valueLines).TrimEnd(), keyLine);
            }
            key = null;
            valueLines.Clear();
        }

        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var line = lines[index];
            var trimmed = line.Trim();
            if (trimmed.StartsWith('#') || trimmed.StartsWith(';'))
            {
                continue;
            }
            if (trimmed.Length == 0)
            {
                // Kept only if an indented continuation follows; trailing blanks are trimmed in FinishValue.
                if (key is not null)
                {
                    valueLines.Add("");
                }
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            if (key is not null && indent > keyIndent)
            {
                valueLines.Add(trimmed);
                continue;
            }

            FinishValue();
            if (trimmed.StartsWith('[') && trimmed.IndexOf(']', StringComparison.Ordinal) > 1)
            {
                var name = trimmed[1..trimmed.LastIndexOf(']')];
                if (document.Section(name) is not null)
                {
                    throw new ConfigException($"{fileName}:{lineNumber}: section [{name}] appears twice: merge the two sections into one");
                }
                section = document.AddSection(name);
                sectionName = name;
                keyIndent = indent;
                continue;
            }

            var split = trimmed.IndexOfAny(['=', ':']);
            if (split < 0)
            {
                throw new ConfigException($"{fileName}:{lineNumber}: cannot parse '{trimmed}': expected 'key = value', '[section]' or a '#' comment");
            }
            var name2 = trimmed[..split].TrimEnd().ToLowerInvariant();
            if (name2.Length == 0)
            {
                throw new ConfigException($"{fileName}:{lineNumber}: '{trimmed}' has no key name before '{trimmed[split]}': write 'key = value'");
            }
            if (section is null)
            {
                throw new ConfigException($"{fileName}:{lineNumber}: key '{name2}' comes before any [section] header: add a header such as [pgqd] above it");
            }
            if (section.ContainsKey(name2))
            {
                throw new ConfigException($"{fileName}:{lineNumber}: key '{name2}' is set twice in [{sectionName}]: keep only one");
            }
            key = name2;
            keyIndent = indent;
            keyLine = lineNumber;
            valueLines.Add(trimmed[(split + 1)..].Trim());
        }
        FinishValue();
        return document;
    }
}
