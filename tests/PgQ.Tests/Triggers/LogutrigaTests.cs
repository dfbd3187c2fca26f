using PgQ.Tests.Queue;

namespace PgQ.Tests.Triggers;

/// <summary>Where our pgq.logutriga deliberately differs from the original: primary-key updates are captured.</summary>
public sealed class LogutrigaTests(TriggerFixture fixture) : IClassFixture<TriggerFixture>
{
    [Fact]
    public async Task A_primary_key_update_is_queued_with_the_old_key_in_extra2()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        var db = twins.Ours;
        await db.ExecAsync("""
            create table t (id int, "Key 2" text, v text, primary key (id, "Key 2"));
            create trigger capture after insert or update or delete on t for each row execute procedure pgq.logutriga('q');
            insert into t values (1, 'a b', 'x');
            update t set id = 2, v = 'y';
            update t set v = 'z';
            """);

        var events = await TwinDatabases.ReadEventsAsync(db);

        Assert.Equal(
            [
                new QueuedEvent("I:id,Key 2", "id=1&Key+2=a+b&v=x", "public.t", null, null, null),
                new QueuedEvent("U:id,Key 2", "id=2&Key+2=a+b&v=y", "public.t", "id=1&Key+2=a+b", null, null),
                new QueuedEvent("U:id,Key 2", "id=2&Key+2=a+b&v=z", "public.t", null, null, null),
            ],
            events);
    }

    [Fact]
    public async Task With_backup_a_primary_key_update_keeps_the_whole_old_row_in_extra2()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        var db = twins.Ours;
        await db.ExecAsync("""
            create table t (id int primary key, v text);
            create trigger capture after update on t for each row execute procedure pgq.logutriga('q', 'backup');
            insert into t values (1, 'x');
            update t set id = 2;
            """);

        var events = await TwinDatabases.ReadEventsAsync(db);

        Assert.Equal([new QueuedEvent("U:id", "id=2&v=x", "public.t", "id=1&v=x", null, null)], events);
    }

    [Fact]
    public async Task The_original_refuses_a_primary_key_update()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        if (twins.Original is null)
        {
            return;
        }
        await twins.Original.ExecAsync("""
            create table t (id int primary key, v text);
            create trigger capture after update on t for each row execute procedure pgq.logutriga('q');
            insert into t values (1, 'x');
            """);

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => twins.Original.ExecAsync("update t set id = 2"));
        Assert.Equal("primary key update not allowed", error.MessageText);
    }
}
