using Microsoft.Extensions.Logging;

namespace Londiste.Admin;

/// <summary>What the admin commands log, in the original's wording where operators know it.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "{Prefix}{Code} {Note}")]
    public static partial void ResultDebug(ILogger logger, string prefix, int code, string note);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "{Prefix}{Note}")]
    public static partial void ResultInfo(ILogger logger, string prefix, string note);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "{Prefix}{Note}")]
    public static partial void ResultWarning(ILogger logger, string prefix, string note);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "{Prefix}{Note}")]
    public static partial void ResultError(ILogger logger, string prefix, string note);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "exec: {Sql}")]
    public static partial void Executing(ILogger logger, string sql);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "No host= in public connect string, bad idea")]
    public static partial void NoHostInPublicLocation(ILogger logger);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Node is already initialized as {NodeType}")]
    public static partial void AlreadyInitialized(ILogger logger, string nodeType);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Initializing node")]
    public static partial void InitializingNode(ILogger logger);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "Done")]
    public static partial void Done(ILogger logger);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information, Message = "Installing pgq, pgq_node and londiste schemas")]
    public static partial void Installing(ILogger logger);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Debug, Message = "pgq, pgq_node and londiste exist as extensions; not installing ours")]
    public static partial void ExtensionsPresent(ILogger logger);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Waiting for worker to accept")]
    public static partial void WaitingForWorker(ILogger logger);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Consumer '{Consumer}' on node '{Node}' {Operation}")]
    public static partial void ConsumerPaused(ILogger logger, string consumer, string node, string operation);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "Unregister from root failed: {Message}")]
    public static partial void UnregisterFromRootFailed(ILogger logger, string message);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Warning, Message = "Local drop failure: {Message}")]
    public static partial void LocalDropFailed(ILogger logger, string message);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Warning, Message = "Failed to remove from '{Node}': {Message}")]
    public static partial void RemoveFromNodeFailed(ILogger logger, string node, string message);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Warning, Message = "ignoring cmd for dead node '{Node}'")]
    public static partial void IgnoringDeadNode(ILogger logger, string node);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Information, Message = "Table {Table} info missing from subscriber, adding")]
    public static partial void TableInfoMissing(ILogger logger, string table);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Information, Message = "Table {Table} gone but exists on subscriber, removing")]
    public static partial void TableGone(ILogger logger, string table);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Error, Message = "Table {Table} does not exist on provider, need to switch to different provider")]
    public static partial void TableNotOnProvider(ILogger logger, string table);

    [LoggerMessage(EventId = 3033, Level = LogLevel.Warning, Message = "Table {Table} does not exist on provider")]
    public static partial void TableNotOnProviderSkipped(ILogger logger, string table);

    [LoggerMessage(EventId = 3034, Level = LogLevel.Information, Message = "Table {Table} already exist, not touching")]
    public static partial void TableExists(ILogger logger, string table);

    [LoggerMessage(EventId = 3035, Level = LogLevel.Warning, Message = "Table {Table} missing on provider, cannot create, skipping")]
    public static partial void TableMissingOnProvider(ILogger logger, string table);

    [LoggerMessage(EventId = 3036, Level = LogLevel.Warning, Message = "Table {Table} does not exist on local node, skipping")]
    public static partial void TableMissingLocally(ILogger logger, string table);

    [LoggerMessage(EventId = 3037, Level = LogLevel.Information, Message = "Creating table {Table}")]
    public static partial void CreatingTable(ILogger logger, string table);

    [LoggerMessage(EventId = 3038, Level = LogLevel.Information, Message = "{Name} already processed")]
    public static partial void AlreadyProcessed(ILogger logger, string name);

    [LoggerMessage(EventId = 3039, Level = LogLevel.Warning, Message = "{Name} not available, but --force is used")]
    public static partial void ForcedUnavailable(ILogger logger, string name);

    [LoggerMessage(EventId = 3040, Level = LogLevel.Warning, Message = "{Name} not available")]
    public static partial void NotAvailable(ILogger logger, string name);

    [LoggerMessage(EventId = 3041, Level = LogLevel.Information, Message = "what to do ?")]
    public static partial void NothingToDo(ILogger logger);

    [LoggerMessage(EventId = 3042, Level = LogLevel.Information, Message = "Sequence {Sequence} info missing from subscriber, adding")]
    public static partial void SequenceInfoMissing(ILogger logger, string sequence);

    [LoggerMessage(EventId = 3043, Level = LogLevel.Information, Message = "Sequence {Sequence} gone but exists on subscriber, removing")]
    public static partial void SequenceGone(ILogger logger, string sequence);

    [LoggerMessage(EventId = 3044, Level = LogLevel.Information, Message = "Sequence {Sequence} already exist, not creating")]
    public static partial void SequenceExists(ILogger logger, string sequence);

    [LoggerMessage(EventId = 3045, Level = LogLevel.Warning, Message = "Sequence \"{Sequence}\" missing on provider, skipping")]
    public static partial void SequenceMissingOnProvider(ILogger logger, string sequence);

    [LoggerMessage(EventId = 3046, Level = LogLevel.Warning, Message = "Sequence \"{Sequence}\" missing on local node, skipping")]
    public static partial void SequenceMissingLocally(ILogger logger, string sequence);

    [LoggerMessage(EventId = 3050, Level = LogLevel.Information, Message = "Waiting until all tables are in sync")]
    public static partial void WaitingForSync(ILogger logger);

    [LoggerMessage(EventId = 3051, Level = LogLevel.Information, Message = "{Count}/{Total} table(s) to copy")]
    public static partial void TablesToCopy(ILogger logger, int count, int total);

    [LoggerMessage(EventId = 3052, Level = LogLevel.Information, Message = "{Table}: finished ({Done}/{Total})")]
    public static partial void TableFinished(ILogger logger, string table, int done, int total);

    [LoggerMessage(EventId = 3053, Level = LogLevel.Information, Message = "All done")]
    public static partial void AllDone(ILogger logger);

    [LoggerMessage(EventId = 3054, Level = LogLevel.Information, Message = "Current node is root, no need to wait")]
    public static partial void RootNoWait(ILogger logger);

    [LoggerMessage(EventId = 3055, Level = LogLevel.Information, Message = "Waiting for tick > {Tick}")]
    public static partial void WaitingForTick(ILogger logger, long tick);

    [LoggerMessage(EventId = 3056, Level = LogLevel.Information, Message = "Got tick {Tick}, exiting")]
    public static partial void GotTick(ILogger logger, long tick);

    [LoggerMessage(EventId = 3057, Level = LogLevel.Information, Message = "Provider is {Node}")]
    public static partial void ProviderIs(ILogger logger, string node);

    [LoggerMessage(EventId = 3058, Level = LogLevel.Warning, Message = "Problem: [{Code}] {Note}")]
    public static partial void Problem(ILogger logger, int code, string note);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Information, Message = "{Schema} is installed")]
    public static partial void SchemaInstalled(ILogger logger, string schema);

    [LoggerMessage(EventId = 3026, Level = LogLevel.Information, Message = "Tagging node '{Node}' as dead")]
    public static partial void TaggingDead(ILogger logger, string node);
}
