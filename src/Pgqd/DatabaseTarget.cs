namespace Pgqd;

/// <summary>One database pgqd serves: the name it logs as <c>[name]</c> and how to reach it.</summary>
internal sealed record DatabaseTarget(string Name, string ConnectionString)
{
    /// <summary>The original's log prefix: <c>[dbname]</c>, control characters shown as '?'.</summary>
    public string LogName => "[" + new string(Name.Select(c => char.IsControl(c) ? '?' : c).ToArray()) + "]";
}
