using Npgsql;

namespace PgQ.Tests.Queue;

internal static class Ticks
{
    /// <summary>Ticks the queue now, whatever its thresholds (force_tick + ticker), and returns the new tick id.</summary>
    public static async Task<long> TickNowAsync(this NpgsqlConnection db, string queue)
    {
        await db.ExecAsync("select pgq.force_tick($1)", queue);
        return await db.ScalarAsync<long>("select pgq.ticker($1)", queue);
    }

    /// <summary>One maintenance round as pgqd runs it: every operation pgq.maint_operations() lists, once.</summary>
    public static async Task MaintainAsync(this NpgsqlConnection db)
    {
        foreach (var op in await db.RowsAsync("select func_name, func_arg from pgq.maint_operations()"))
        {
            await db.ExecAsync(op[1] is null ? $"select {op[0]}()" : $"select {op[0]}($1)", op[1] is null ? [] : [op[1]]);
        }
    }

    /// <summary>Consumes every batch available now; returns (ev_id, ev_type, ev_data) in delivery order.</summary>
    public static async Task<List<(long Id, string Type, string Data)>> DrainAsync(this NpgsqlConnection db, string queue, string consumer)
    {
        var seen = new List<(long, string, string)>();
        while (await db.ScalarAsync("select pgq.next_batch($1, $2)", queue, consumer) is long batch)
        {
            foreach (var row in await db.RowsAsync("select ev_id, ev_type, ev_data from pgq.get_batch_events($1)", batch))
            {
                seen.Add(((long)row[0]!, (string)row[1]!, (string)row[2]!));
            }
            await db.ExecAsync("select pgq.finish_batch($1)", batch);
        }
        return seen;
    }
}
