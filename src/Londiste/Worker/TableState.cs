using System.Globalization;

namespace Londiste.Worker;

/// <summary>The copy state of a local table (<c>londiste.table_info.merge_state</c>).</summary>
internal enum TableSyncState
{
    /// <summary>NULL: needs the initial copy; the main worker starts one.</summary>
    Missing,

    /// <summary><c>in-copy</c>: a copy task owns the table and copies it.</summary>
    InCopy,

    /// <summary><c>catching-up</c>: copied; the copy task applies the table's events since its snapshot.</summary>
    CatchingUp,

    /// <summary><c>wanna-sync:T</c>: the copy task caught up at tick T and asks the main worker to take over.</summary>
    WannaSync,

    /// <summary><c>do-sync:T</c>: the main worker stopped at T and waits for the copy task to reach it.</summary>
    DoSync,

    /// <summary><c>ok</c>: the main worker applies the table's events.</summary>
    Ok,
}

/// <summary>One row of <c>londiste.get_table_list</c> for a local table.</summary>
internal sealed record TableState(
    string Name,
    TableSyncState State,
    long SyncTick,
    string? CustomSnapshot,
    string? TableAttrs,
    string DestTable)
{
    /// <summary>Events of transactions visible in this snapshot are already in the copied data.</summary>
    public TxidSnapshot? Snapshot { get; } = CustomSnapshot is null ? null : TxidSnapshot.Parse(CustomSnapshot);

    /// <summary>Whether the copy keeps the rows already in the destination (<c>skip_truncate=1</c> attribute).</summary>
    public bool SkipTruncate => TableAttributes.Get(TableAttrs, "skip_truncate") is "1" or "true";

    /// <summary>
    /// The <c>copy_condition</c> attribute (<c>add-table --copy-condition</c>): an SQL boolean expression over the
    /// source table; the initial copy takes only the rows where it is true. Null: all rows.
    /// </summary>
    public string? CopyCondition => TableAttributes.Get(TableAttrs, "copy_condition") is { Length: > 0 } condition ? condition : null;

    /// <summary>Copy states: counted against <c>parallel_copies</c>, owned by a copy task.</summary>
    public bool IsCopying => State is TableSyncState.InCopy or TableSyncState.CatchingUp or TableSyncState.WannaSync or TableSyncState.DoSync;

    /// <exception cref="InvalidOperationException">Not one of the original's state strings.</exception>
    public static (TableSyncState State, long Tick) ParseState(string? mergeState)
    {
        switch (mergeState)
        {
            case null:
                return (TableSyncState.Missing, 0);
            case "in-copy":
                return (TableSyncState.InCopy, 0);
            case "catching-up":
                return (TableSyncState.CatchingUp, 0);
            case "ok":
            case "?":
                return (TableSyncState.Ok, 0);
        }
        var colon = mergeState.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && long.TryParse(mergeState.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var tick))
        {
            switch (mergeState[..colon])
            {
                case "wanna-sync":
                    return (TableSyncState.WannaSync, tick);
                case "do-sync":
                    return (TableSyncState.DoSync, tick);
            }
        }
        throw new InvalidOperationException($"Bad table state: {mergeState}");
    }

    /// <summary>The <c>merge_state</c> string of a state.</summary>
    public static string? RenderState(TableSyncState state, long tick) => state switch
    {
        TableSyncState.Missing => null,
        TableSyncState.InCopy => "in-copy",
        TableSyncState.CatchingUp => "catching-up",
        TableSyncState.WannaSync => "wanna-sync:" + tick.ToString(CultureInfo.InvariantCulture),
        TableSyncState.DoSync => "do-sync:" + tick.ToString(CultureInfo.InvariantCulture),
        TableSyncState.Ok => "ok",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
