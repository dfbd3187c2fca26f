using System.Globalization;

namespace Londiste.Admin;

/// <summary>A txid snapshot "xmin:xmax:xip,..."; Contains tells whether a transaction is visible (committed before it).</summary>
internal sealed record Snapshot(long Xmin, long Xmax, IReadOnlySet<long> InProgress)
{
    public static Snapshot Parse(string text)
    {
        var parts = text.Split(':');
        var inProgress = parts.Length > 2 && parts[2].Length > 0
            ? parts[2].Split(',').Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToHashSet()
            : [];
        return new Snapshot(long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), inProgress);
    }

    public bool Contains(long txid) => txid < Xmin || (txid < Xmax && !InProgress.Contains(txid));
}
