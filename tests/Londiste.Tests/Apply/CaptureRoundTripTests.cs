using Xunit.Abstractions;

namespace Londiste.Tests.Apply;

/// <summary>
/// Round trip of every capture format: values written on a source table come out of the queue, through
/// RowChangeDecoder and BatchApplier, identical on the target table, through inserts, updates (key changes
/// included), deletes and truncates. Formats whose trigger function is not in our pgq schema yet pass with a
/// SKIPPED note in the output.
/// </summary>
public sealed class CaptureRoundTripTests(NodeFixture fixture, ITestOutputHelper output) : IClassFixture<NodeFixture>
{
    public static readonly string[] Formats = ["logutriga", "jsontriga", "sqltriga"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in Formats)
        {
            foreach (var typeCase in TypeCases.All)
            {
                data.Add(format, typeCase.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Values_survive_capture_decode_and_apply_unchanged(string format, string caseName) =>
        await RoundTripAsync(format, caseName, madeFunction: false);

    /// <summary>The same through the per-table capture functions our pgq makes (what londiste add-table uses).</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Values_captured_by_the_made_functions_survive_decode_and_apply_unchanged(string format, string caseName) =>
        await RoundTripAsync(format, caseName, madeFunction: true);

    private async Task RoundTripAsync(string format, string caseName, bool madeFunction)
    {
        var typeCase = TypeCases.Named(caseName);
        await using var pair = await ReplicaPair.CreateAsync(fixture, format, output);
        if (pair is null)
        {
            return;
        }

        await pair.CreateTableAsync(TableDdl(typeCase), typeCase.Table, madeFunction);
        var seed = StableSeed(format + "/" + caseName);
        output.WriteLine($"random seed {seed}");
        var workload = new RoundTripWorkload(pair.Source, typeCase, new Random(seed));

        await workload.InsertAllAsync();
        await pair.SyncAsync();
        await pair.AssertEqualAsync(typeCase.Table);

        await workload.ChangeAsync();
        var changes = await pair.SyncAsync();
        output.WriteLine($"{changes.Count} events in the mixed batch; {pair.Applier.Statistics}");
        await pair.AssertEqualAsync(typeCase.Table);

        await workload.TruncateAndRefillAsync();
        await pair.SyncAsync();
        await pair.AssertEqualAsync(typeCase.Table);
    }

    internal static string TableDdl(TypeCase typeCase) =>
        $"create schema {typeCase.Schema}; {typeCase.Setup}; "
        + $"create table {typeCase.Table} ({typeCase.Key} integer primary key, {typeCase.V} {typeCase.Type}, {typeCase.W} {typeCase.Type}"
        + (typeCase.Extra.Length > 0 ? ", " + typeCase.Extra : "") + ")";

    private static int StableSeed(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked(hash * 31 + c);
        }

        return hash & int.MaxValue;
    }
}
