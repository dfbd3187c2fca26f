using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Londiste.Admin;

/// <summary>
/// Table and sequence names as the original handles them: unquoted <c>schema.name</c>, <c>public.</c>
/// added when the schema is left out; <c>*</c> and <c>?</c> are globs matched against the candidates.
/// </summary>
public static class ObjectNames
{
    /// <summary>"t" → "public.t"; "s.t" stays.</summary>
    public static string Qualify(string name) => name.Contains('.', StringComparison.Ordinal) ? name : "public." + name;

    public static (string Schema, string Name) Split(string name)
    {
        var qualified = Qualify(name);
        var dot = qualified.IndexOf('.', StringComparison.Ordinal);
        return (qualified[..dot], qualified[(dot + 1)..]);
    }

    /// <summary>True when register_only_* / register_skip_* leave the object out.</summary>
    public static bool Filtered(string name, IReadOnlyList<string> only, IReadOnlyList<string> skip) =>
        (only.Count > 0 && !only.Contains(name)) || (skip.Count > 0 && skip.Contains(name));

    /// <summary>
    /// Picks the objects the arguments name among <paramref name="candidates"/>. A name found in
    /// <paramref name="elsewhere"/> is reported as already processed; an unknown one is an error unless
    /// <paramref name="allowUnknown"/> or <paramref name="force"/>. All unknown names are logged before failing.
    /// </summary>
    public static List<string> Resolve(IReadOnlyList<string> args, IReadOnlyList<string> candidates, IReadOnlySet<string> elsewhere, bool allowUnknown, bool force, ILogger logger, string what)
    {
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var candidateSet = candidates.ToHashSet(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var arg in args)
        {
            if (arg.Contains('*', StringComparison.Ordinal) || arg.Contains('?', StringComparison.Ordinal))
            {
                var pattern = GlobToRegex(Qualify(arg));
                foreach (var candidate in candidates.Where(c => pattern.IsMatch(c) && seen.Add(c)))
                {
                    result.Add(candidate);
                }
                continue;
            }
            var name = Qualify(arg);
            if (seen.Contains(name))
            {
                continue;
            }
            if (candidateSet.Contains(name))
            {
                result.Add(name);
                seen.Add(name);
            }
            else if (elsewhere.Contains(name))
            {
                AdminLog.AlreadyProcessed(logger, name);
            }
            else if (allowUnknown)
            {
                result.Add(name);
                seen.Add(name);
            }
            else if (force)
            {
                AdminLog.ForcedUnavailable(logger, name);
                result.Add(name);
                seen.Add(name);
            }
            else
            {
                AdminLog.NotAvailable(logger, name);
                unknown.Add(name);
            }
        }
        if (unknown.Count > 0)
        {
            throw new AdminException($"{what} not available: {string.Join(", ", unknown)}: check the name (schema.table), see `missing` for what can be added, or use --force")
            {
                AlreadyLogged = false,
            };
        }
        if (result.Count == 0)
        {
            AdminLog.NothingToDo(logger);
        }
        return result;
    }

    private static Regex GlobToRegex(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
}
