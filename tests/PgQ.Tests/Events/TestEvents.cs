namespace PgQ.Tests.Events;

/// <summary>Builds trigger events the way the queue hands them out.</summary>
internal static class TestEvents
{
    public static PgQEvent Make(string? type, string? data, string? extra1 = "public.t", string? extra2 = null, long id = 42) =>
        new(id, DateTimeOffset.UnixEpoch, 1, null, type, data, extra1, extra2, null, null);
}
