namespace Londiste.Admin;

/// <summary>A queue member as pgq_node.get_queue_locations() lists it.</summary>
public sealed record MemberInfo(string Name, string? Location, bool Dead);
