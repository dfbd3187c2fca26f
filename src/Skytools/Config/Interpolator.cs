using System.Text;

namespace Skytools.Config;

/// <summary>
/// Expands references inside values, as Python's ConfigParser does:
/// format 1 (the default): <c>%(name)s</c>, <c>%%</c> for a literal percent sign;
/// format 2 (<c>config_format = 2</c>): <c>${name}</c>, <c>${section:name}</c>, <c>$$</c> for a dollar sign.
/// A name is looked up in the value's section, then <c>[DEFAULT]</c>, then the predefined variables
/// (job_name, service_name, host_name, config_dir, config_file). Referenced values are expanded in
/// turn, at most <see cref="MaxDepth"/> levels deep (which also stops reference loops).
/// </summary>
internal sealed class Interpolator
{
    public const int MaxDepth = 10;

    private readonly IniDocument _document;
    private readonly Func<string, string, string?> _lookup;
    private readonly int _format;

    /// <param name="lookup">raw value of (section, lower-case key), already honouring [DEFAULT], overrides and predefined variables.</param>
    public Interpolator(IniDocument document, Func<string, string, string?> lookup, int format)
    {
        _document = document;
        _lookup = lookup;
        _format = format;
    }

    public string Expand(string section, string key, string raw)
    {
        var output = new StringBuilder();
        Expand(section, key, raw, output, depth: 1);
        return output.ToString();
    }

    private void Expand(string section, string key, string raw, StringBuilder output, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error(section, key, $"references nest more than {MaxDepth} levels deep (a loop?)", "make sure no key refers back to itself");
        }
        var marker = _format == 2 ? '$' : '%';
        var rest = raw.AsSpan();
        while (rest.Length > 0)
        {
            var at = rest.IndexOf(marker);
            if (at < 0)
            {
                output.Append(rest);
                return;
            }
            output.Append(rest[..at]);
            rest = rest[at..];
            var next = rest.Length > 1 ? rest[1] : '\0';
            if (next == marker)
            {
                output.Append(marker);
                rest = rest[2..];
                continue;
            }
            var (open, close) = _format == 2 ? ('{', "}") : ('(', ")s");
            var end = next == open ? rest.IndexOf(close) : -1;
            if (end < 2)
            {
                var found = rest.Length > 20 ? rest[..20].ToString() + "..." : rest.ToString();
                throw Error(section, key, $"'{marker}' must be followed by '{marker}{marker}' or '{marker}{open}name{close}', found '{found}'", $"write '{marker}{marker}' for a literal '{marker}'");
            }
            var name = rest[2..end].ToString();
            rest = rest[(end + close.Length)..];
            var targetSection = section;
            if (_format == 2 && name.Contains(':', StringComparison.Ordinal))
            {
                var parts = name.Split(':');
                if (parts.Length != 2)
                {
                    throw Error(section, key, $"'${{{name}}}' has more than one ':'", "write ${section:key}");
                }
                targetSection = parts[0];
                name = parts[1];
                if (!_document.HasSection(targetSection) && targetSection != IniDocument.DefaultSection)
                {
                    throw Error(section, key, $"'${{{parts[0]}:{parts[1]}}}' refers to section [{targetSection}], which the file does not have", $"add [{targetSection}] or fix the reference");
                }
            }
            var lowerName = name.ToLowerInvariant();
            var value = _lookup(targetSection, lowerName)
                ?? throw Error(section, key, $"refers to '{name}', which is not set in [{targetSection}] or [DEFAULT]", $"define '{lowerName}' or write '{marker}{marker}' for a literal '{marker}'");
            if (value.Contains(marker, StringComparison.Ordinal))
            {
                Expand(targetSection, lowerName, value, output, depth + 1);
            }
            else
            {
                output.Append(value);
            }
        }
    }

    private ConfigException Error(string section, string key, string what, string todo) =>
        new($"{_document.FileName}: [{section}] {key}: {what}: {todo}");
}
