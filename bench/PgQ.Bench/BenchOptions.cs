namespace PgQ.Bench;

/// <summary>Command-line options of the benchmark; <see cref="Parse"/> rejects bad input with one clear line.</summary>
internal sealed record BenchOptions
{
    public int Seconds { get; init; } = 10;
    public IReadOnlyList<int> Producers { get; init; } = [1, 4, 16];
    public int EventsPerTransaction { get; init; } = 10;
    public int TickMilliseconds { get; init; } = 100;
    public int WarmupSeconds { get; init; } = 2;
    public string Output { get; init; } = Path.Combine("bench", "results", "pgq-throughput.md");
    public bool Profile { get; init; }
    public bool SkipOriginal { get; init; }

    public const string Usage =
        "usage: PgQ.Bench [--seconds N] [--producers 1,4,16] [--events-per-tx N] [--tick-ms N] [--warmup N] [--output FILE] [--profile] [--skip-original]";

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"option {name} needs a value; {Usage}");
            int Positive(string text) => int.TryParse(text, out var n) && n > 0
                ? n
                : throw new ArgumentException($"option {name}: '{text}' is not a positive whole number");
            options = name switch
            {
                "--seconds" => options with { Seconds = Positive(Value()) },
                "--producers" => options with { Producers = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Positive)] },
                "--events-per-tx" => options with { EventsPerTransaction = Positive(Value()) },
                "--tick-ms" => options with { TickMilliseconds = Positive(Value()) },
                "--warmup" => options with { WarmupSeconds = int.TryParse(Value(), out var w) && w >= 0 ? w : throw new ArgumentException($"option --warmup needs 0 or more seconds") },
                "--output" => options with { Output = Value() },
                "--profile" => options with { Profile = true },
                "--skip-original" => options with { SkipOriginal = true },
                "-h" or "--help" => throw new ArgumentException(Usage),
                _ => throw new ArgumentException($"unknown option '{name}'; {Usage}"),
            };
        }
        if (options.Producers.Count == 0)
        {
            throw new ArgumentException($"option --producers needs at least one count; {Usage}");
        }
        return options;
    }
}
