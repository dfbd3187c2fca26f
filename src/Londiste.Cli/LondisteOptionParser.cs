using System.Globalization;
using Londiste.Admin;
using Skytools.Scripting;

namespace Londiste.Cli;

/// <summary>
/// Takes the londiste-specific long options (--provider, --all, --create, ...) out of the command line
/// into <see cref="AdminOptions"/>; the rest (the common Skytools switches, positional arguments) goes
/// to <see cref="ScriptArguments"/>. Repeatable options (--trigger-arg, --handler-arg, --dead) collect every value.
/// </summary>
internal static class LondisteOptionParser
{
    private static readonly IReadOnlySet<string> Flags = new HashSet<string>(StringComparer.Ordinal)
    {
        "--nocheck", "--dead-root", "--dead-branch", "--rewind", "--reset", "--all", "--wait-sync", "--expect-sync",
        "--skip-truncate", "--create", "--create-full", "--no-triggers", "--find-copy-node", "--merge-all", "--no-merge",
        "--skip-non-existing", "--names-only", "--force", "--apply", "--count-only", "--compact",
    };

    private static readonly IReadOnlySet<string> Valued = new HashSet<string>(StringComparer.Ordinal)
    {
        "--provider", "--target", "--merge", "--dead", "--sync-watermark", "--dest-table", "--trigger-flags", "--trigger-arg",
        "--handler", "--handler-arg", "--copy-node", "--max-parallel-copy", "--copy-condition", "--node", "--consumer",
        "--queue", "--sort-bufsize", "--repair-where",
    };

    /// <returns>the admin options and the arguments left for <see cref="ScriptArguments.Parse"/></returns>
    public static (AdminOptions Options, List<string> Remaining) Extract(IReadOnlyList<string> args)
    {
        var options = new AdminOptions();
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                rest.AddRange(args.Skip(i));
                break;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                rest.Add(arg);
                continue;
            }
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            if (Flags.Contains(name))
            {
                if (equals > 0)
                {
                    throw new ScriptUsageException($"option {name} takes no value: write {name} alone");
                }
                SetFlag(options, name);
            }
            else if (Valued.Contains(name))
            {
                string value;
                if (equals > 0)
                {
                    value = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new ScriptUsageException($"option {name} needs a value: write {name}=VALUE");
                }
                if (name == "--queue")
                {
                    // --queue overrides queue_name of the config file, as the original's does.
                    rest.Add("--set=queue_name=" + value);
                    continue;
                }
                SetValue(options, name, value);
            }
            else
            {
                rest.Add(arg);
            }
        }
        return (options, rest);
    }

    private static void SetFlag(AdminOptions options, string name)
    {
        switch (name)
        {
            case "--nocheck": options.NoCheck = true; break;
            case "--all": options.All = true; break;
            case "--wait-sync": options.WaitSync = true; break;
            case "--expect-sync": options.ExpectSync = true; break;
            case "--skip-truncate": options.SkipTruncate = true; break;
            case "--create": options.Create = true; break;
            case "--create-full": options.CreateFull = true; break;
            case "--no-triggers": options.NoTriggers = true; break;
            case "--find-copy-node": options.FindCopyNode = true; break;
            case "--merge-all": options.MergeAll = true; break;
            case "--no-merge": options.NoMerge = true; break;
            case "--skip-non-existing": options.SkipNonExisting = true; break;
            case "--names-only": options.NamesOnly = true; break;
            case "--force": options.Force = true; break;
            case "--count-only": options.CountOnly = true; break;
            case "--compact": options.Compact = true; break;
            default: break; // accepted for the commands not available yet (takeover, repair)
        }
    }

    private static void SetValue(AdminOptions options, string name, string value)
    {
        switch (name)
        {
            case "--provider": options.Provider = value; break;
            case "--merge": options.Merge = value; break;
            case "--dead": options.Dead.Add(value); break;
            case "--sync-watermark": options.SyncWatermark = value; break;
            case "--dest-table": options.DestTable = value; break;
            case "--trigger-flags": options.TriggerFlags = value; break;
            case "--trigger-arg": options.TriggerArgs.Add(value); break;
            case "--handler": options.Handler = value; break;
            case "--handler-arg": options.HandlerArgs.Add(value); break;
            case "--copy-node": options.CopyNode = value; break;
            case "--copy-condition": options.CopyCondition = value; break;
            case "--node": options.Node = value; break;
            case "--consumer": options.Consumer = value; break;
            case "--max-parallel-copy":
                options.MaxParallelCopy = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
                    ? count
                    : throw new ScriptUsageException($"--max-parallel-copy={value}: expected a whole number above 0");
                break;
            default: break; // --target, --sort-bufsize, --repair-where: for commands not available yet
        }
    }
}
