using Npgsql;

namespace PgQ.Tests.Queue;

/// <summary>Ticks announce themselves with NOTIFY pgq_tick (payload: the queue) so consumers need not poll.</summary>
public sealed class TickNotificationTests(PgQFixture fixture) : IClassFixture<PgQFixture>
{
    [Fact]
    public async Task A_tick_notifies_listeners_with_the_queue_name_and_a_declined_tick_does_not()
    {
        var database = await fixture.CreateDatabaseAsync("notify");
        await using var db = await fixture.OpenAsync(database);
        await using var listener = await fixture.OpenAsync(database);
        await db.ExecAsync("select pgq.create_queue('q one')");
        var received = new List<string>();
        listener.Notification += (_, e) => received.Add($"{e.Channel}:{e.Payload}");
        await listener.ExecAsync("listen pgq_tick");

        await db.ExecAsync("select pgq.force_tick('q one')");
        Assert.NotNull(await db.ScalarAsync("select pgq.ticker('q one')"));
        Assert.Null(await db.ScalarAsync("select pgq.ticker('q one')"));
        while (await listener.WaitAsync(TimeSpan.FromMilliseconds(500)))
        {
        }

        Assert.Equal(["pgq_tick:q one"], received);
    }
}
