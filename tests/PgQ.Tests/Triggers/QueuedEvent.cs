namespace PgQ.Tests.Triggers;

/// <summary>The fields a capture trigger fills, as stored in the queue's event table.</summary>
public sealed record QueuedEvent(string? Type, string? Data, string? Extra1, string? Extra2, string? Extra3, string? Extra4)
{
    public override string ToString() =>
        $"type=[{Type}] data=[{Data}] extra1=[{Extra1}] extra2=[{Extra2}] extra3=[{Extra3}] extra4=[{Extra4}]";
}
