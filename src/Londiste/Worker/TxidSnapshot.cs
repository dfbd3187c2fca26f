using System.Globalization;

namespace Londiste.Worker;

/// <summary>
/// A transaction snapshot in <c>txid_snapshot</c> text form (<c>xmin:xmax:xip1,xip2</c>), as stored in
/// <c>londiste.table_info.custom_snapshot</c> after a copy. <see cref="Contains"/> tells whether a transaction's
/// changes are already in data read in this snapshot.
/// </summary>
internal sealed class TxidSnapshot
{
    private readonly HashSet<long> _inProgress;

    private TxidSnapshot(long xmin, long xmax, HashSet<long> inProgress)
    {
        Xmin = xmin;
        Xmax = xmax;
        _inProgress = inProgress;
    }

    public long Xmin { get; }

    public long Xmax { get; }

    /// <exception cref="FormatException">Not <c>xmin:xmax:xip,...</c>.</exception>
    public static TxidSnapshot Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3)
        {
            throw new FormatException($"bad txid snapshot: {text}");
        }
        var inProgress = new HashSet<long>();
        foreach (var xip in parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            inProgress.Add(long.Parse(xip, CultureInfo.InvariantCulture));
        }
        return new TxidSnapshot(
            long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), inProgress);
    }

    /// <summary>True if transaction <paramref name="txid"/> had committed (or aborted) when the snapshot was taken.</summary>
    public bool Contains(long txid) => txid < Xmin || (txid < Xmax && !_inProgress.Contains(txid));
}
