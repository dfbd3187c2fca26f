namespace PgQ.Tests.Triggers;

/// <summary>
/// The per-table functions of pgq.capture_jsontriga_function and pgq.capture_sqltriga_function against the
/// original's C triggers.
/// </summary>
public sealed class FormatCaptureFunctionComparisonTests(TriggerFixture fixture)
    : FormatTriggerComparison(fixture, captureFunctions: true), IClassFixture<TriggerFixture>;
