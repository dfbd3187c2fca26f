namespace PgQ.Tests.Triggers;

/// <summary>The generic pgq.logutriga against the original's C trigger.</summary>
public sealed class LogutrigaComparisonTests(TriggerFixture fixture)
    : LogutrigaComparison(fixture, captureFunctions: false), IClassFixture<TriggerFixture>;
