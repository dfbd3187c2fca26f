namespace Londiste.Compare;

/// <summary>The outcome for one table: both formatted results, or why it was skipped.</summary>
public sealed record TableResult(string Table, string? Source, string? Target, string? SkippedBecause)
{
    public bool Matches => SkippedBecause is null && Source == Target;

    public bool Compared => SkippedBecause is null;
}
