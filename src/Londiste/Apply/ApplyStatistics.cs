namespace Londiste.Apply;

/// <summary>
/// What a <see cref="BatchApplier"/> has applied since it was created (or <see cref="Reset"/>). Counts are events;
/// <see cref="UpdatesWithoutRow"/> and <see cref="DeletesWithoutRow"/> count events whose row was not on the target
/// (the original Londiste ignores those silently; we do too, and count them).
/// </summary>
public sealed class ApplyStatistics
{
    public long Inserts { get; private set; }

    public long Updates { get; private set; }

    public long Deletes { get; private set; }

    public long Truncates { get; private set; }

    /// <summary>Update events that matched no row on the target.</summary>
    public long UpdatesWithoutRow { get; private set; }

    /// <summary>Delete events that matched no row on the target.</summary>
    public long DeletesWithoutRow { get; private set; }

    /// <summary>Statements sent (one per group of changes).</summary>
    public long Statements { get; private set; }

    /// <summary>Round trips to the server (each sends many statements).</summary>
    public long RoundTrips { get; private set; }

    /// <summary>All events applied.</summary>
    public long Total => Inserts + Updates + Deletes + Truncates;

    public void Reset()
    {
        Inserts = Updates = Deletes = Truncates = UpdatesWithoutRow = DeletesWithoutRow = Statements = RoundTrips = 0;
    }

    internal void AddRoundTrip(int statements)
    {
        RoundTrips++;
        Statements += statements;
    }

    internal void Add(PgQ.Events.RowOperation operation, int events, long rowsAffected)
    {
        switch (operation)
        {
            case PgQ.Events.RowOperation.Insert:
                Inserts += events;
                break;
            case PgQ.Events.RowOperation.Update:
                Updates += events;
                UpdatesWithoutRow += Math.Max(0, events - rowsAffected);
                break;
            case PgQ.Events.RowOperation.Delete:
                Deletes += events;
                DeletesWithoutRow += Math.Max(0, events - rowsAffected);
                break;
            default:
                Truncates += events;
                break;
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"inserts {Inserts}, updates {Updates} ({UpdatesWithoutRow} without row), deletes {Deletes} ({DeletesWithoutRow} without row), truncates {Truncates}, {Statements} statements in {RoundTrips} round trips";
}
