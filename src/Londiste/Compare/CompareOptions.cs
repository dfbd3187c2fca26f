namespace Londiste.Compare;

/// <summary>What `londiste CONFIG compare [TABLE...]` needs from the config and the command line.</summary>
public sealed record CompareOptions
{
    /// <summary>The `select count(1) as cnt, sum(hashtext(t.*::text)) as chksum from only _TABLE_ t` of Londiste 3.0, as the seed shows.</summary>
    public const string DefaultCompareSql = "select count(1) as cnt, sum(hashtext(t.*::text)) as chksum from only _TABLE_ t";
    public const string DefaultCompareFormat = "%(cnt)d rows, checksum=%(chksum)s";
    /// <summary>
    /// The default checksum when both sides have the same columns (names, types, order) and every type has a hash
    /// function: each row hashed from its values with the types' own hash functions instead of hashing the row's
    /// text. Formatting every value as text (timestamps, numerics) was most of the compare's time; this hash is 2-4×
    /// cheaper per row. It compares values by their types' equality (1.5 = 1.50, citext ignores case), and its
    /// checksums differ from the original's numbers; both sides are always summed the same way.
    /// </summary>
    internal const string RowHashSql = "select count(1) as cnt, sum(hash_record(t)) as chksum from only _TABLE_ t";
    public const string CountOnlySql = "select count(1) as cnt from only _TABLE_ t";
    public const string CountOnlyFormat = "%(cnt)d rows";

    /// <summary>The subscriber node's database (the config's <c>db</c>).</summary>
    public required string NodeConnectionString { get; init; }

    public required string QueueName { get; init; }

    /// <summary>Tables to compare; empty = every table local to the node.</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];

    /// <summary>How long the source table may stay locked while waiting for the subscriber (<c>lock_timeout</c>, default 10 s).</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>compare_sql</c>; null = the default (or the count-only query).</summary>
    public string? CompareSql { get; init; }

    /// <summary><c>compare_fmt</c>; null = the default (or the count-only format).</summary>
    public string? CompareFormat { get; init; }

    /// <summary><c>--count-only</c>: count rows, no checksum.</summary>
    public bool CountOnly { get; init; }

    /// <summary><c>--force</c>: compare even when the subscriber does not catch up within the lock timeout.</summary>
    public bool Force { get; init; }

    /// <summary>Pages per range of the chunked scan (64 MB); tests make it small to cover the parallel ranges.</summary>
    internal long PagesPerChunk { get; init; } = 8192;

    internal string EffectiveSql => CompareSql ?? (CountOnly ? CountOnlySql : DefaultCompareSql);

    internal string EffectiveFormat => CompareFormat ?? (CountOnly ? CountOnlyFormat : DefaultCompareFormat);
}
