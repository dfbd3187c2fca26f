using Pgqd;

namespace PgQ.Tests.Pgqd;

/// <summary>Serves a given list of databases, which may live on different clusters (a real pgqd serves one base_connstr).</summary>
internal sealed class FixedDatabaseLocator(IReadOnlyList<DatabaseTarget> targets) : IDatabaseLocator
{
    public bool Discovers(PgqdSettings settings) => false;

    public Task<IReadOnlyList<DatabaseTarget>> LocateAsync(PgqdSettings settings, CancellationToken cancellationToken) => Task.FromResult(targets);
}
