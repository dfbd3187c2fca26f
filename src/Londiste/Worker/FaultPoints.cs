namespace Londiste.Worker;

/// <summary>
/// Test hook: called at the points of a batch where a crash is most delicate, so a test can throw there and prove
/// the restart neither loses nor repeats the batch. Null (the default) in production.
/// </summary>
internal sealed class FaultPoints(Func<string, string, Task> hit)
{
    /// <summary>Inside the batch transaction, the completed tick written, before the commit.</summary>
    public const string BeforeLocalCommit = "before-local-commit";

    /// <summary>Batch committed locally; branch tick not yet created, batch not finished on the provider.</summary>
    public const string AfterLocalCommit = "after-local-commit";

    /// <summary>Branch tick created; batch not finished on the provider.</summary>
    public const string BeforeFinish = "before-finish";

    /// <param name="consumer">Which consumer (worker or copy) is at the point.</param>
    public Task HitAsync(string point, string consumer) => hit(point, consumer);
}
