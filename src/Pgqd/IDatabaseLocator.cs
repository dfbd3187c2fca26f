namespace Pgqd;

/// <summary>Where the databases pgqd serves come from: the config's database_list, or discovery on the cluster.</summary>
internal interface IDatabaseLocator
{
    /// <summary>The databases to serve now; throws a database error when discovery cannot reach the cluster.</summary>
    Task<IReadOnlyList<DatabaseTarget>> LocateAsync(PgqdSettings settings, CancellationToken cancellationToken);

    /// <summary>True when the list can change without a reload (discovery), so it is asked again every check_period.</summary>
    bool Discovers(PgqdSettings settings);
}
