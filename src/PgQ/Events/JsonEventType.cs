namespace PgQ.Events;

/// <summary>The parts of a <c>pgq.jsontriga</c> <c>ev_type</c> object: <c>{"op":..,"table":[schema,name],"pkey":[..]}</c>.</summary>
internal readonly record struct JsonEventType(RowOperation Operation, string? Schema, string? Table, IReadOnlyList<string> KeyColumns);
