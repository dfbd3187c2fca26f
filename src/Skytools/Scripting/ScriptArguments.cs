namespace Skytools.Scripting;

/// <summary>
/// The common switches of the Skytools scripts, parsed getopt-style (<c>-qv</c>, <c>-vv</c>,
/// <c>--set=k=v</c> or <c>--set k=v</c>, <c>--</c> ends the options), plus the options one script adds
/// (pgqd: <c>--install CONNSTR</c>, <c>--sql</c>). Unknown options are errors, never ignored.
/// </summary>
public sealed class ScriptArguments
{
    /// <summary>Internal: marks the re-executed, detached copy of a <c>-d</c> process.</summary>
    public const string DaemonChildFlag = "--skytools-daemon-child";

    private readonly Dictionary<string, string?> _extra = new(StringComparer.Ordinal);

    private ScriptArguments(IReadOnlyList<string> original)
    {
        Original = original;
    }

    /// <summary>The arguments as given (what a daemon re-executes with).</summary>
    public IReadOnlyList<string> Original { get; }
    public bool Daemon { get; private set; }
    public bool DaemonChild { get; private set; }
    public int Verbose { get; private set; }
    public bool Quiet { get; private set; }
    public bool Help { get; private set; }
    public bool Version { get; private set; }
    public bool Ini { get; private set; }
    public ScriptCommand Command { get; private set; } = ScriptCommand.Run;
    public IReadOnlyDictionary<string, string> Overrides => _overrides;
    public IReadOnlyList<string> Positional => _positional;

    private readonly Dictionary<string, string> _overrides = new(StringComparer.Ordinal);
    private readonly List<string> _positional = [];

    /// <summary>True when the script-specific option was given; its value (null for a flag) in <paramref name="value"/>.</summary>
    public bool TryGetExtra(string option, out string? value) => _extra.TryGetValue(option, out value);

    public bool HasExtra(string option) => _extra.ContainsKey(option);

    /// <param name="extraFlags">script options without a value, e.g. "--sql"</param>
    /// <param name="extraValueOptions">script options taking a value, e.g. "--install"</param>
    public static ScriptArguments Parse(IReadOnlyList<string> args, IEnumerable<string>? extraFlags = null, IEnumerable<string>? extraValueOptions = null)
    {
        var flags = new HashSet<string>(extraFlags ?? [], StringComparer.Ordinal);
        var valued = new HashSet<string>(extraValueOptions ?? [], StringComparer.Ordinal);
        var result = new ScriptArguments(args.Where(a => a != DaemonChildFlag).ToList());
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                result._positional.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = arg.IndexOf('=', StringComparison.Ordinal);
                var name = equals > 0 ? arg[..equals] : arg;
                string? inlineValue = equals > 0 ? arg[(equals + 1)..] : null;
                string TakeValue()
                {
                    if (inlineValue is not null)
                    {
                        return inlineValue;
                    }
                    if (i + 1 >= args.Count)
                    {
                        throw new ScriptUsageException($"option {name} needs a value: write {name}=VALUE");
                    }
                    return args[++i];
                }
                switch (name)
                {
                    case "--daemon": result.Daemon = true; break;
                    case "--verbose": result.Verbose++; break;
                    case "--quiet": result.Quiet = true; break;
                    case "--help": result.Help = true; break;
                    case "--version": result.Version = true; break;
                    case "--ini": result.Ini = true; break;
                    case "--reload": result.SetCommand(ScriptCommand.Reload); break;
                    case "--stop": result.SetCommand(ScriptCommand.Stop); break;
                    case "--kill": result.SetCommand(ScriptCommand.Kill); break;
                    case DaemonChildFlag: result.DaemonChild = true; break;
                    case "--set":
                        var setting = TakeValue();
                        var split = setting.IndexOf('=', StringComparison.Ordinal);
                        if (split <= 0)
                        {
                            throw new ScriptUsageException($"--set {setting}: expected KEY=VALUE, e.g. --set ticker_period=0.5");
                        }
                        result._overrides[setting[..split].Trim()] = setting[(split + 1)..].Trim();
                        break;
                    default:
                        if (flags.Contains(name) && inlineValue is null)
                        {
                            result._extra[name] = null;
                        }
                        else if (valued.Contains(name))
                        {
                            result._extra[name] = TakeValue();
                        }
                        else
                        {
                            throw new ScriptUsageException($"unknown option {arg}: see --help for the options");
                        }
                        break;
                }
                continue;
            }
            if (arg.StartsWith('-') && arg.Length > 1)
            {
                foreach (var letter in arg[1..])
                {
                    switch (letter)
                    {
                        case 'd': result.Daemon = true; break;
                        case 'v': result.Verbose++; break;
                        case 'q': result.Quiet = true; break;
                        case 'h': result.Help = true; break;
                        case 'V': result.Version = true; break;
                        case 'r': result.SetCommand(ScriptCommand.Reload); break;
                        case 's': result.SetCommand(ScriptCommand.Stop); break;
                        case 'k': result.SetCommand(ScriptCommand.Kill); break;
                        default: throw new ScriptUsageException($"unknown switch -{letter} in {arg}: see --help for the options");
                    }
                }
                continue;
            }
            result._positional.Add(arg);
        }
        return result;
    }

    private void SetCommand(ScriptCommand command)
    {
        if (Command != ScriptCommand.Run && Command != command)
        {
            throw new ScriptUsageException("-r, -s and -k exclude each other: give only one");
        }
        Command = command;
    }
}
