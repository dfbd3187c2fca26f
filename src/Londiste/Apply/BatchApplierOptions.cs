namespace Londiste.Apply;

/// <summary>Tuning of <see cref="BatchApplier"/>; the defaults suit the worker.</summary>
public sealed record BatchApplierOptions
{
    /// <summary>
    /// Let changes of different tables pass each other, so each table's consecutive inserts (or updates, or deletes)
    /// form one statement even when the batch interleaves tables (as the seed's transactions do). Each table's own
    /// changes always keep batch order, and a truncate waits for everything before it. Safe when the target does not
    /// check foreign keys while applying; the worker runs with <c>session_replication_role = replica</c>, where
    /// PostgreSQL's foreign-key triggers do not fire (as the original's worker does). Off: changes of different tables
    /// keep batch order too, and only runs of one table are grouped.
    /// </summary>
    public bool GroupAcrossTables { get; init; } = true;

    /// <summary>Most changes in one statement.</summary>
    public int MaxGroupRows { get; init; } = 5000;

    /// <summary>Most statements in one round trip.</summary>
    public int MaxStatementsPerRoundTrip { get; init; } = 200;

    /// <summary>Most changes in one round trip (bounds the parameters held at once).</summary>
    public int MaxRowsPerRoundTrip { get; init; } = 20000;
}
