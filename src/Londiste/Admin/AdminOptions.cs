namespace Londiste.Admin;

/// <summary>The command-line switches of the admin commands, with the original's names (see londiste --help).</summary>
public sealed class AdminOptions
{
    /// <summary>--provider: connect string of the upstream node (create-branch/create-leaf).</summary>
    public string? Provider { get; set; }
    /// <summary>--nocheck: do not verify that the public connect string reaches the local database.</summary>
    public bool NoCheck { get; set; }
    /// <summary>--merge: combined queue name (create-leaf).</summary>
    public string? Merge { get; set; }
    /// <summary>--sync-watermark: node names to sync the watermark with (create-branch).</summary>
    public string? SyncWatermark { get; set; }
    /// <summary>--dead NODE (repeatable): assume the node is dead.</summary>
    public List<string> Dead { get; } = [];
    /// <summary>--node / --consumer: pause/resume target (default: the local node's worker).</summary>
    public string? Node { get; set; }
    public string? Consumer { get; set; }
    public bool Compact { get; set; }

    public bool All { get; set; }
    public bool WaitSync { get; set; }
    public string? DestTable { get; set; }
    public bool ExpectSync { get; set; }
    public bool SkipTruncate { get; set; }
    public bool Create { get; set; }
    public bool CreateFull { get; set; }
    public string? TriggerFlags { get; set; }
    public List<string> TriggerArgs { get; } = [];
    public bool NoTriggers { get; set; }
    public string? Handler { get; set; }
    public List<string> HandlerArgs { get; } = [];
    public string? CopyNode { get; set; }
    public bool FindCopyNode { get; set; }
    public bool MergeAll { get; set; }
    public bool NoMerge { get; set; }
    public int? MaxParallelCopy { get; set; }
    public bool SkipNonExisting { get; set; }
    public bool NamesOnly { get; set; }
    public bool Force { get; set; }

    /// <summary>compare: count rows only, no checksum.</summary>
    public bool CountOnly { get; set; }
    /// <summary>--copy-condition: WHERE condition for the initial copy (stored as handler argument copy_condition).</summary>
    public string? CopyCondition { get; set; }
}
