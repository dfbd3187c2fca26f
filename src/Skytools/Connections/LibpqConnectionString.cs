using System.Text;
using Skytools.Config;

namespace Skytools.Connections;

/// <summary>
/// Parses the connection strings the original tools take: libpq's <c>key=value</c> form
/// (<c>host=127.0.0.1 port=5432 dbname=db1 user=u password='it''s'</c>, values in single quotes
/// with backslash escapes) and URIs (<c>postgresql://user:pw@host:5432/db?sslmode=require</c>).
/// The result keeps the keywords in order, as libpq spells them; a later keyword wins.
/// </summary>
public static class LibpqConnectionString
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string connectionString)
    {
        var text = connectionString.Trim();
        return text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            ? ParseUri(text)
            : ParseKeywords(text);
    }

    /// <summary>Appends <c>key='value'</c> with libpq quoting (the way pgqd adds <c>dbname</c> to base_connstr).</summary>
    public static string Append(string connectionString, string key, string value)
    {
        var quoted = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
        var separator = connectionString.Trim().Length == 0 ? "" : " ";
        return $"{connectionString.Trim()}{separator}{key}='{quoted}'";
    }

    private static List<KeyValuePair<string, string>> ParseKeywords(string text)
    {
        var result = new List<KeyValuePair<string, string>>();
        var position = 0;
        while (true)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
            if (position >= text.Length)
            {
                return result;
            }
            var keyStart = position;
            while (position < text.Length && text[position] != '=' && !char.IsWhiteSpace(text[position]))
            {
                position++;
            }
            var key = text[keyStart..position];
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
            if (position >= text.Length || text[position] != '=')
            {
                throw new ConfigException($"connection string: missing '=' after '{key}': write key=value pairs such as 'host=127.0.0.1 dbname=db1'");
            }
            position++;
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
            var value = new StringBuilder();
            if (position < text.Length && text[position] == '\'')
            {
                position++;
                var closed = false;
                while (position < text.Length)
                {
                    var c = text[position++];
                    if (c == '\\' && position < text.Length)
                    {
                        value.Append(text[position++]);
                    }
                    else if (c == '\'')
                    {
                        closed = true;
                        break;
                    }
                    else
                    {
                        value.Append(c);
                    }
                }
                if (!closed)
                {
                    throw new ConfigException($"connection string: the quoted value of '{key}' has no closing quote: add the missing '");
                }
            }
            else
            {
                while (position < text.Length && !char.IsWhiteSpace(text[position]))
                {
                    var c = text[position++];
                    if (c == '\\' && position < text.Length)
                    {
                        c = text[position++];
                    }
                    value.Append(c);
                }
            }
            result.Add(new(key, value.ToString()));
        }
    }

    private static List<KeyValuePair<string, string>> ParseUri(string text)
    {
        var result = new List<KeyValuePair<string, string>>();
        var rest = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var query = "";
        var questionMark = rest.IndexOf('?', StringComparison.Ordinal);
        if (questionMark >= 0)
        {
            query = rest[(questionMark + 1)..];
            rest = rest[..questionMark];
        }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var database = slash >= 0 ? rest[(slash + 1)..] : "";
        var authority = slash >= 0 ? rest[..slash] : rest;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                result.Add(new("user", Uri.UnescapeDataString(userInfo[..colon])));
                result.Add(new("password", Uri.UnescapeDataString(userInfo[(colon + 1)..])));
            }
            else if (userInfo.Length > 0)
            {
                result.Add(new("user", Uri.UnescapeDataString(userInfo)));
            }
        }
        if (authority.Length > 0)
        {
            // host[:port] (an IPv6 address is written in brackets); several hosts are kept as a list.
            var hosts = new List<string>();
            var ports = new List<string>();
            foreach (var part in authority.Split(','))
            {
                var portColon = part.StartsWith('[') ? part.IndexOf("]:", StringComparison.Ordinal) + 1 : part.LastIndexOf(':');
                var host = portColon > 0 ? part[..portColon] : part;
                hosts.Add(Uri.UnescapeDataString(host.Trim('[', ']')));
                ports.Add(portColon > 0 ? part[(portColon + 1)..] : "");
            }
            if (hosts.Any(h => h.Length > 0))
            {
                result.Add(new("host", string.Join(',', hosts)));
            }
            if (ports.Any(p => p.Length > 0))
            {
                result.Add(new("port", string.Join(',', ports)));
            }
        }
        if (database.Length > 0)
        {
            result.Add(new("dbname", Uri.UnescapeDataString(database)));
        }
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ConfigException($"connection URI: query parameter '{pair}' has no value: write name=value");
            }
            result.Add(new(Uri.UnescapeDataString(pair[..equals]), Uri.UnescapeDataString(pair[(equals + 1)..])));
        }
        return result;
    }
}
