using Xunit.Abstractions;

namespace Londiste.Tests.Worker;

/// <summary>
/// The main worker of a leaf sends a large batch to the local database in chunks while it still reads the batch from
/// the provider (GroupingRowChangeApplier's background apply). A chunk that fails must fail its whole batch, and the
/// retry must apply the batch exactly once: nothing of the failed try may be carried over.
/// </summary>
public sealed class BackgroundApplyTests(OriginalNodeFixture fixture, ITestOutputHelper output) : IClassFixture<OriginalNodeFixture>
{
    [Fact]
    public async Task A_background_chunk_that_fails_fails_the_batch_and_the_retry_applies_it_once()
    {
        var (root, leaf) = await new Cascade(fixture).RootAndLeafWithWorkloadAsync(200);

        using var stop = new CancellationTokenSource();
        var ticker = Workload.RunTickerAsync(root, stop.Token);
        try
        {
            await using (Sync.Start(Sync.Options(leaf), Sync.Logging(output)))
            {
                await Sync.WaitCaughtUpAsync(root, leaf, TimeSpan.FromMinutes(3));

                // A row only the leaf has, with the key of the 4,500th row of the next batch: the fifth chunk fails.
                await leaf.ExecuteAsync("set session_replication_role = replica; insert into public.notes values (54500, 'leaf only', null, false, null)");
                // One transaction, so one batch: 6,000 events, several chunks of at least GroupingRowChangeApplier.BackgroundChunk.
                await root.ExecuteAsync("""
                    insert into public.notes select g, 'big ' || g, array['x'], g % 2 = 0, null from generate_series(50001, 56000) g;
                    update public.accounts set balance = balance + 1 where id <= 100;
                    """);

                var error = await WaitForErrorAsync(leaf, "duplicate key");
                output.WriteLine($"recorded error: {error}");
                // The statement that failed carried one chunk's inserts (a chunk, plus what was read while the one
                // before it was applied), not the whole batch's.
                var carried = System.Text.RegularExpressions.Regex.Match(error, @"insert of (\d+) events");
                Assert.True(carried.Success, error);
                Assert.InRange(int.Parse(carried.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1000, 5000);
                // The failed try left nothing behind.
                Assert.Equal(1L, await leaf.ScalarAsync<long>("select count(*) from public.notes where id between 50001 and 56000"));

                await leaf.ExecuteAsync("set session_replication_role = replica; delete from public.notes where id = 54500");
                await Sync.WaitCaughtUpAsync(root, leaf, TimeSpan.FromMinutes(3));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await ticker;
        }
        Assert.Equal(6000L, await leaf.ScalarAsync<long>("select count(*) from public.notes where id between 50001 and 56000"));
        await Workload.AssertEqualAsync(root, leaf);
    }

    private static async Task<string> WaitForErrorAsync(TestNode leaf, string expected)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < until)
        {
            if (await leaf.ScalarAsync<object>("select cur_error from pgq_node.get_consumer_state($1, $2)", Cascade.Queue, leaf.WorkerName) is string error
                && error.Contains(expected, StringComparison.Ordinal))
            {
                return error;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the worker recorded no error containing '{expected}'");
    }
}
