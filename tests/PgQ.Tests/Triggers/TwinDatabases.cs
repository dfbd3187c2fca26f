using Npgsql;
using PgQ.Tests.Queue;

namespace PgQ.Tests.Triggers;

/// <summary>
/// Our database and (when available) one with the original extension; statements run on both and the
/// events they queue are compared.
/// </summary>
public sealed class TwinDatabases : IAsyncDisposable
{
    private TwinDatabases(NpgsqlConnection ours, NpgsqlConnection? original)
    {
        Ours = ours;
        Original = original;
    }

    public NpgsqlConnection Ours { get; }

    /// <summary>Null when the original extension is not installed (outside CI only).</summary>
    public NpgsqlConnection? Original { get; }

    internal static async Task<TwinDatabases> OpenAsync(TriggerFixture fixture, string ours, string? original) =>
        new(await fixture.OpenAsync(ours), original is null ? null : await fixture.OpenAsync(original));

    /// <summary>Runs the same SQL on both databases.</summary>
    public async Task ExecAsync(string sql)
    {
        await Ours.ExecAsync(sql);
        if (Original is not null)
        {
            await Original.ExecAsync(sql);
        }
    }

    /// <summary>Runs the same SQL on both; both must fail with the same message, which is returned.</summary>
    public async Task<string> ErrorAsync(string sql)
    {
        var ours = await Assert.ThrowsAsync<PostgresException>(() => Ours.ExecAsync(sql));
        if (Original is not null)
        {
            var original = await Assert.ThrowsAsync<PostgresException>(() => Original.ExecAsync(sql));
            Assert.Equal(original.MessageText, ours.MessageText);
        }
        return ours.MessageText;
    }

    /// <summary>The events queued so far in our database, checked to equal the original's field by field.</summary>
    public async Task<List<QueuedEvent>> EventsAsync()
    {
        var ours = await ReadEventsAsync(Ours);
        if (Original is not null)
        {
            var original = await ReadEventsAsync(Original);
            Assert.Equal(original.Count, ours.Count);
            for (var i = 0; i < ours.Count; i++)
            {
                Assert.Equal(original[i], ours[i]);
            }
        }
        return ours;
    }

    /// <summary>Events of queue "q" in insertion order, read from the queue's parent event table.</summary>
    public static async Task<List<QueuedEvent>> ReadEventsAsync(NpgsqlConnection db)
    {
        var table = await db.ScalarAsync<string>("select queue_data_pfx from pgq.queue where queue_name = 'q'");
        var rows = await db.RowsAsync(
            $"select ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4 from {table} order by ev_id");
        return rows.Select(r => new QueuedEvent((string?)r[0], (string?)r[1], (string?)r[2], (string?)r[3], (string?)r[4], (string?)r[5]))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Ours.DisposeAsync();
        if (Original is not null)
        {
            await Original.DisposeAsync();
        }
    }
}
