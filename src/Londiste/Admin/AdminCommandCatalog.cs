namespace Londiste.Admin;

/// <summary>Which admin command runs which code, and how many arguments each takes.</summary>
public static class AdminCommandCatalog
{
    /// <summary>Commands of the original that this version does not have yet.</summary>
    public static readonly IReadOnlySet<string> NotAvailable = new HashSet<string>(StringComparer.Ordinal)
    {
        "takeover", "change-provider", "rename-node", "tag-alive", "resurrect",
        "change-handler", "check", "fkeys", "repair", "execute", "show-handlers", "copy",
    };

    private static readonly IReadOnlySet<string> WithoutArguments = new HashSet<string>(StringComparer.Ordinal)
    {
        "status", "node-status", "members", "node-info", "pause", "resume", "tables", "seqs", "missing", "wait-sync", "wait-root", "wait-provider",
    };

    private static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "create-root", "create-branch", "create-leaf", "drop-node", "tag-dead", "add-table", "remove-table", "add-seq", "remove-seq", "resync",
        "status", "node-status", "members", "node-info", "pause", "resume", "tables", "seqs", "missing", "wait-sync", "wait-root", "wait-provider",
        "compare",
    };

    public static bool IsAdminCommand(string command) => Known.Contains(command);

    public static async Task RunAsync(AdminSession session, string command, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (WithoutArguments.Contains(command) && args.Count > 0)
        {
            throw new AdminException($"{command} takes no arguments, got: {string.Join(' ', args)}");
        }
        switch (command)
        {
            case "create-root":
            case "create-branch":
            case "create-leaf":
                await new NodeCreator(session).CreateAsync(command["create-".Length..], args, cancellationToken);
                break;
            case "drop-node":
                if (args.Count != 1)
                {
                    throw new AdminException("drop-node takes one node name: londiste CONFIG.ini drop-node NODE");
                }
                await new CascadeCommands(session).DropNodeAsync(args[0], cancellationToken);
                break;
            case "tag-dead":
                if (args.Count != 1)
                {
                    throw new AdminException("tag-dead takes one node name: londiste CONFIG.ini tag-dead NODE");
                }
                await new CascadeCommands(session).TagDeadAsync(args[0], cancellationToken);
                break;
            case "status": await new CascadeCommands(session).StatusAsync(cancellationToken); break;
            case "node-status": await new CascadeCommands(session).NodeStatusAsync(cancellationToken); break;
            case "members": await new CascadeCommands(session).MembersAsync(cancellationToken); break;
            case "node-info": await new CascadeCommands(session).NodeInfoAsync(cancellationToken); break;
            case "pause": await new CascadeCommands(session).PauseAsync(cancellationToken); break;
            case "resume": await new CascadeCommands(session).ResumeAsync(cancellationToken); break;
            case "wait-root": await new CascadeCommands(session).WaitForRootAsync(cancellationToken); break;
            case "wait-provider": await new CascadeCommands(session).WaitForProviderAsync(cancellationToken); break;
            case "tables": await new TableCommands(session).TablesAsync(cancellationToken); break;
            case "missing": await new TableCommands(session).MissingAsync(cancellationToken); break;
            case "wait-sync": await new TableCommands(session).WaitSyncAsync(cancellationToken); break;
            case "add-table": await new TableCommands(session).AddAsync(args, cancellationToken); break;
            case "remove-table": await new TableCommands(session).RemoveAsync(args, cancellationToken); break;
            case "resync": await new TableCommands(session).ResyncAsync(args, cancellationToken); break;
            case "seqs": await new SequenceCommands(session).SeqsAsync(cancellationToken); break;
            case "add-seq": await new SequenceCommands(session).AddAsync(args, cancellationToken); break;
            case "remove-seq": await new SequenceCommands(session).RemoveAsync(args, cancellationToken); break;
            case "compare": await CompareCommand.RunAsync(session, args, cancellationToken); break;
            default:
                throw new AdminException($"Unknown command '{command}', use --help for help");
        }
    }
}
