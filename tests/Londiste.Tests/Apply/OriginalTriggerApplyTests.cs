using Xunit.Abstractions;

namespace Londiste.Tests.Apply;

/// <summary>
/// The same round trip with the original PgQ's C triggers on the source (logutriga, sqltriga, jsontriga), so the
/// apply of all three formats is checked now, before our own sqltriga and jsontriga exist. The original triggers
/// refuse primary-key updates, so the workload has none. Without the extension the test passes with a SKIPPED note
/// locally and fails when <c>CI</c> is set.
/// </summary>
public sealed class OriginalTriggerApplyTests(NodeFixture fixture, ITestOutputHelper output) : IClassFixture<NodeFixture>
{
    public static TheoryData<string, string> Cases() => CaptureRoundTripTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Values_captured_by_the_original_triggers_apply_unchanged(string format, string caseName)
    {
        var typeCase = TypeCases.Named(caseName);
        await using var pair = await ReplicaPair.CreateWithOriginalAsync(fixture, format, output);
        if (pair is null)
        {
            return;
        }

        await pair.CreateTableAsync(CaptureRoundTripTests.TableDdl(typeCase), typeCase.Table);
        var workload = new RoundTripWorkload(pair.Source, typeCase, new Random(caseName.Length * 7919 + format.Length), keyChanges: false);

        await workload.InsertAllAsync();
        await pair.SyncAsync();
        await pair.AssertEqualAsync(typeCase.Table);

        await workload.ChangeAsync();
        await pair.SyncAsync();
        await pair.AssertEqualAsync(typeCase.Table);

        await workload.TruncateAndRefillAsync();
        await pair.SyncAsync();
        await pair.AssertEqualAsync(typeCase.Table);
    }
}
