namespace PgQ.Bench;

/// <summary>The benchmark saw the queue lose, duplicate or invent an event: a bug, never a figure.</summary>
internal sealed class BenchmarkFailedException(string message) : Exception(message);
