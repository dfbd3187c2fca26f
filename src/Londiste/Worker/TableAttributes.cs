namespace Londiste.Worker;

/// <summary>Reads the urlencoded <c>table_attrs</c> of <c>londiste.table_info</c> (<c>handler=...&amp;skip_truncate=1</c>).</summary>
internal static class TableAttributes
{
    public static string? Get(string? attrs, string key)
    {
        if (string.IsNullOrEmpty(attrs))
        {
            return null;
        }
        foreach (var pair in attrs.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            if (name == key)
            {
                return eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            }
        }
        return null;
    }
}
