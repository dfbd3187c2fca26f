using Npgsql;

namespace Pgqd;

/// <summary>One periodic database operation of pgqd (maintenance, retry), run by <see cref="PeriodicLoop"/>.</summary>
internal interface IPeriodicJob
{
    /// <summary>How often the job runs with these settings.</summary>
    TimeSpan Period(PgqdSettings settings);

    /// <summary>What the job was doing, for the error line when it fails.</summary>
    string CurrentStep { get; }

    Task RunOnceAsync(NpgsqlConnection db, CancellationToken cancellationToken);
}
