using Npgsql;

namespace PgQ.Tests.Queue;

public sealed class RotationTests(PgQFixture fixture) : IClassFixture<PgQFixture>
{
    private static async Task ProduceAsync(NpgsqlConnection db, string prefix, int count)
    {
        await db.ExecAsync("select pgq.insert_event('q', 'ev', $1 || i) from generate_series(1, $2) i", prefix, count);
    }

    [Fact]
    public async Task A_lagging_consumer_holds_rotation_back_and_loses_nothing_then_rotation_proceeds()
    {
        await using var db = await fixture.OpenAsync(await fixture.CreateDatabaseAsync("rot"));
        await db.ExecAsync("select pgq.create_queue('q')");
        await db.ExecAsync("select pgq.set_queue_config('q', 'rotation_period', '50 milliseconds')");
        await db.ExecAsync("select pgq.register_consumer('q', 'fast')");
        await db.ExecAsync("select pgq.register_consumer('q', 'slow')");

        var fast = new List<string>();
        var produced = new List<string>();
        for (var round = 0; round < 6; round++)
        {
            await ProduceAsync(db, $"r{round}-", 100);
            produced.AddRange(Enumerable.Range(1, 100).Select(i => $"r{round}-{i}"));
            await db.TickNowAsync("q");
            fast.AddRange((await db.DrainAsync("q", "fast")).Select(e => e.Data));
            await Task.Delay(80);
            await db.MaintainAsync();
            await db.MaintainAsync();
        }
        // The slow consumer never moved: no table may have been truncated under it.
        Assert.Equal(0, await db.ScalarAsync<int>("select queue_cur_table from pgq.queue"));
        Assert.Equal(produced, fast);

        var slow = (await db.DrainAsync("q", "slow")).Select(e => e.Data).ToList();
        Assert.Equal(produced, slow);

        // Both caught up: rotation proceeds now, and keeps its promise over several more rotations.
        var tables = new HashSet<int>();
        for (var round = 6; round < 14; round++)
        {
            await ProduceAsync(db, $"r{round}-", 50);
            produced.AddRange(Enumerable.Range(1, 50).Select(i => $"r{round}-{i}"));
            await db.TickNowAsync("q");
            fast.AddRange((await db.DrainAsync("q", "fast")).Select(e => e.Data));
            if (round % 2 == 0)
            {
                slow.AddRange((await db.DrainAsync("q", "slow")).Select(e => e.Data));
            }
            await Task.Delay(80);
            await db.MaintainAsync();
            await db.MaintainAsync();
            tables.Add(await db.ScalarAsync<int>("select queue_cur_table from pgq.queue"));
        }
        await db.TickNowAsync("q");
        fast.AddRange((await db.DrainAsync("q", "fast")).Select(e => e.Data));
        slow.AddRange((await db.DrainAsync("q", "slow")).Select(e => e.Data));
        Assert.True(tables.Count >= 3, $"rotation visited only tables {string.Join(',', tables)}");
        Assert.Equal(produced, fast);
        Assert.Equal(produced, slow);
    }
}
