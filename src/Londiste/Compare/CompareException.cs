namespace Londiste.Compare;

/// <summary>A compare that cannot go on: one line saying what, which object and what to do.</summary>
public sealed class CompareException(string message) : Exception(message);
