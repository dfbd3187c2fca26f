namespace PgQ.Tests.Triggers;

/// <summary>The generic pgq.jsontriga and pgq.sqltriga against the original's C triggers.</summary>
public sealed class FormatTriggerComparisonTests(TriggerFixture fixture)
    : FormatTriggerComparison(fixture, captureFunctions: false), IClassFixture<TriggerFixture>;
