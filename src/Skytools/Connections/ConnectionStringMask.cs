using System.Text.RegularExpressions;

namespace Skytools.Connections;

/// <summary>Hides passwords in a connection string before it is logged or shown (libpq, Npgsql and URI forms).</summary>
public static partial class ConnectionStringMask
{
    public const string Mask = "***";

    public static string Apply(string connectionString)
    {
        var masked = PasswordKeyword().Replace(connectionString, match => match.Groups["key"].Value + Mask);
        return UriPassword().Replace(masked, match => match.Groups["prefix"].Value + Mask + "@");
    }

    // password=secret, password = 'sec ret', Password=secret; (any case), up to whitespace or ';'.
    [GeneratedRegex(@"(?<key>\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'?|""[^""]*""?|[^\s;]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordKeyword();

    // postgresql://user:secret@host
    [GeneratedRegex(@"(?<prefix>\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]*@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UriPassword();
}
