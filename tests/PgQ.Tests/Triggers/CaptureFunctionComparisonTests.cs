namespace PgQ.Tests.Triggers;

/// <summary>The per-table functions of pgq.capture_trigger_function against the original's C trigger.</summary>
public sealed class CaptureFunctionComparisonTests(TriggerFixture fixture)
    : LogutrigaComparison(fixture, captureFunctions: true), IClassFixture<TriggerFixture>;
