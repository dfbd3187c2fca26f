using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit.Abstractions;

namespace Londiste.Tests.Worker;

/// <summary>
/// The initial copy on OUR pgq / pgq_node / londiste schemas (ReplicationWorkerTests drive the original's): there the
/// worker makes the hand-over's ticks itself (pgq.ticker on the provider, concurrently with the ticker), which must
/// neither lose nor repeat events; and <c>--copy-condition</c> limits the copied rows.
/// </summary>
public sealed class CopyTests(NodeFixture fixture, ITestOutputHelper output) : IClassFixture<NodeFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Copy_under_load_with_our_pgq_ticking_during_the_hand_over_ends_equal(int parallelCopies)
    {
        await WorkerScenario.TablesAddedDuringLoadEndEqualAsync(
            new Cascade(fixture), parallelCopies, output, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Copy_reaches_ok_with_no_ticker_running_because_the_worker_ticks_for_the_hand_over()
    {
        var cascade = new Cascade(fixture);
        var (root, leaf) = await WorkerScenario.RootAndLeafAsync(cascade, 500);
        await using (Sync.Start(Sync.Options(leaf, 2), Sync.Logging(output)))
        {
            foreach (var table in Workload.Tables)
            {
                await Cascade.AddTableAsync(leaf, table);
            }
            // Nothing else ticks the root: every tick of the hand-over comes from the worker.
            await WorkerScenario.WaitAllOkAsync(leaf, Workload.Tables.Length);
            await root.ExecuteAsync("update public.accounts set balance = balance + 1 where id <= 10; insert into public.history (account, delta) values (1, 1)");
            await WorkerScenario.RunTickerUntilCaughtUpAsync(root, leaf);
        }
        await Workload.AssertEqualAsync(root, leaf);
    }

    [Fact]
    public async Task Copy_condition_copies_only_matching_rows_and_later_events_apply_to_all()
    {
        var cascade = new Cascade(fixture);
        var (root, leaf) = await WorkerScenario.RootAndLeafAsync(cascade, 1000);
        await AddTableWithAttrsAsync(leaf, "public.accounts", "copy_condition=id+%3C%3D+100+and+owner+%3C%3E+%27owner+1%27");
        await using (Sync.Start(Sync.Options(leaf), Sync.Logging(output)))
        {
            await WorkerScenario.WaitAllOkAsync(leaf, 1);
            var expected = await root.ScalarAsync<long>("select count(*) from public.accounts where id <= 100 and owner <> 'owner 1'");
            Assert.Equal(98, expected);
            Assert.Equal(expected, await leaf.ScalarAsync<long>("select count(*) from public.accounts"));
            Assert.Equal(0, await leaf.ScalarAsync<long>("select count(*) from public.accounts where id > 100 or owner = 'owner 1'"));
            // The condition is for the copy only, as in the original: later changes to any row are replicated.
            await root.ExecuteAsync("insert into public.accounts values (5000, 'late', 1); update public.accounts set balance = 0 where id = 50");
            await WorkerScenario.RunTickerUntilCaughtUpAsync(root, leaf);
        }
        Assert.Equal(1, await leaf.ScalarAsync<long>("select count(*) from public.accounts where id = 5000"));
        Assert.Equal(0m, await leaf.ScalarAsync<decimal>("select balance from public.accounts where id = 50"));
    }

    [Fact]
    public async Task Compare_in_parallel_page_ranges_matches_finds_a_damaged_row_and_falls_back_to_text_for_differing_types()
    {
        var cascade = new Cascade(fixture);
        var (root, leaf) = await WorkerScenario.RootAndLeafAsync(cascade, 3000);
        // A different type on the leaf: the row hash would differ, so the text checksum is used (values are equal).
        await leaf.ExecuteAsync("alter table public.history alter column delta type numeric(14,2)");
        using var stop = new CancellationTokenSource();
        var ticker = Workload.RunTickerAsync(root, stop.Token);
        var logging = Sync.Logging(output);
        try
        {
            await using (Sync.Start(Sync.Options(leaf), logging))
            {
                foreach (var table in Workload.Tables)
                {
                    await Cascade.AddTableAsync(leaf, table);
                }
                await WorkerScenario.WaitAllOkAsync(leaf, Workload.Tables.Length);
                // Two pages per range: several ranges shared by two connections per side.
                var options = new Londiste.Compare.CompareOptions { NodeConnectionString = leaf.ConnectionString, QueueName = Cascade.Queue, PagesPerChunk = 2 };
                var comparator = new Londiste.Compare.Comparator(options, logging.CreateLogger("compare"));
                var results = await comparator.RunAsync(CancellationToken.None);
                Assert.Equal(4, results.Count);
                Assert.All(results, r => Assert.True(r.Compared && r.Matches, $"{r.Table}: {r.Source} / {r.Target} {r.SkippedBecause}"));
                Assert.Contains(results, r => r.Source!.StartsWith("3000 rows", StringComparison.Ordinal));

                await leaf.ExecuteAsync("set session_replication_role = replica; update public.notes set body = 'damaged' where id = 2999; update public.history set delta = delta + 1 where id = 5");
                var damaged = await comparator.RunAsync(CancellationToken.None);
                Assert.Equal(["public.history", "public.notes"], damaged.Where(r => !r.Matches).Select(r => r.Table).Order().ToArray());
            }
        }
        finally
        {
            await stop.CancelAsync();
            await ticker;
        }
    }

    /// <summary><c>londiste.local_add_table</c> with table attributes (what <c>add-table --copy-condition</c> stores).</summary>
    private static async Task AddTableWithAttrsAsync(TestNode node, string table, string attrs)
    {
        await using var connection = await node.OpenAsync();
        await using var command = new NpgsqlCommand("select ret_code, ret_note from londiste.local_add_table($1, $2, $3, $4, null)", connection);
        command.Parameters.AddWithValue(Cascade.Queue);
        command.Parameters.AddWithValue(table);
        command.Parameters.Add(new NpgsqlParameter { Value = Array.Empty<string>(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.AddWithValue(attrs);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.True(reader.GetInt32(0) < 400, reader.GetString(1));
    }
}
