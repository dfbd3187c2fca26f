namespace PgQ.Tests.Pgqd;

/// <summary>Polls an eventual condition with a generous timeout (never a wall-clock assertion on speed).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or IOException)
            {
                last = e;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"waited {timeout.TotalSeconds:0} s for {what}; last error: {last?.Message ?? "none"}\n{diagnostics?.Invoke()}");
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string>? diagnostics = null) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, what, diagnostics);
}
