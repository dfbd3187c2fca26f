using Microsoft.Extensions.Logging;
using Npgsql;

namespace Pgqd;

/// <summary>
/// Every maint_period (see <see cref="PeriodicLoop"/>) runs the maintenance plan the database itself returns
/// (<c>pgq.maint_operations()</c>: rotation steps, extra per-queue maintenance, vacuum, cascade
/// watermarks), each operation its own autocommit statement, because rotation step 1 and step 2
/// must commit separately. A function returning non-zero is called again at once. Databases
/// with a pgq that predates maint_operations get the old plan (rotate every queue, vacuum list).
/// </summary>
internal sealed class MaintenanceJob : IPeriodicJob
{
    private readonly DatabaseTarget _target;
    private readonly PgqdStats _stats;
    private readonly ILogger _logger;

    public MaintenanceJob(DatabaseTarget target, PgqdStats stats, ILogger logger)
    {
        _target = target;
        _stats = stats;
        _logger = logger;
    }

    public string CurrentStep { get; private set; } = "maintenance (maint_operations)";

    public TimeSpan Period(PgqdSettings settings) => settings.MaintPeriod;

    public async Task RunOnceAsync(NpgsqlConnection db, CancellationToken cancellationToken)
    {
        CurrentStep = "maintenance (maint_operations)";
        PgqdLog.MaintenanceStarting(_logger, _target.LogName);
        var operations = await PlanAsync(db, cancellationToken);
        foreach (var operation in operations)
        {
            CurrentStep = $"maintenance ({operation})";
            await RunOperationAsync(db, operation, cancellationToken);
        }
        _stats.AddMaint();
        if (operations.Count > 0)
        {
            PgqdLog.MaintenanceDone(_logger, _target.LogName, operations.Count);
        }
    }

    private async Task<IReadOnlyList<MaintenanceOperation>> PlanAsync(NpgsqlConnection db, CancellationToken cancellationToken)
    {
        const string hasPlan = "select 1 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace"
            + " where n.nspname = 'pgq' and p.proname = 'maint_operations'";
        await using (var check = new NpgsqlCommand(hasPlan, db))
        {
            if (await check.ExecuteScalarAsync(cancellationToken) is null)
            {
                PgqdLog.OldMaintenanceApi(_logger, _target.LogName);
                return await OldPlanAsync(db, cancellationToken);
            }
        }
        var operations = new List<MaintenanceOperation>();
        await using var command = new NpgsqlCommand("select func_name, func_arg from pgq.maint_operations()", db);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            operations.Add(new MaintenanceOperation(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }
        // A vacuum row without a table cannot be run; nothing else is skipped.
        return operations.Where(op => !op.IsVacuum || !string.IsNullOrWhiteSpace(op.Argument)).ToList();
    }

    /// <summary>The plan of PgQ before maint_operations existed: rotate every queue, then vacuum.</summary>
    private static async Task<IReadOnlyList<MaintenanceOperation>> OldPlanAsync(NpgsqlConnection db, CancellationToken cancellationToken)
    {
        var operations = new List<MaintenanceOperation>();
        foreach (var queue in await ColumnAsync(db, "select queue_name from pgq.get_queue_info()", cancellationToken))
        {
            operations.Add(new MaintenanceOperation("pgq.maint_rotate_tables_step1", queue));
        }
        operations.Add(new MaintenanceOperation("pgq.maint_rotate_tables_step2", null));
        foreach (var table in await ColumnAsync(db, "select * from pgq.maint_tables_to_vacuum()", cancellationToken))
        {
            operations.Add(new MaintenanceOperation("vacuum", table));
        }
        return operations;
    }

    private async Task RunOperationAsync(NpgsqlConnection db, MaintenanceOperation operation, CancellationToken cancellationToken)
    {
        var sql = operation.Sql();
        while (true)
        {
            PgqdLog.MaintenanceOperation(_logger, _target.LogName, operation.ToString());
            await using var command = new NpgsqlCommand(sql, db) { CommandTimeout = 0 };
            if (operation.Argument is not null && !operation.IsVacuum)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = operation.Argument, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            }
            if (operation.IsVacuum)
            {
                // VACUUM returns no rows (the original pgqd counted that as an error); it is simply done.
                await command.ExecuteNonQueryAsync(cancellationToken);
                return;
            }
            var result = await command.ExecuteScalarAsync(cancellationToken);
            if (!AsksForAnotherCall(result))
            {
                return;
            }
        }
    }

    /// <summary>The maintenance contract: a non-zero number means "call me again".</summary>
    private static bool AsksForAnotherCall(object? result) => result switch
    {
        short s => s != 0,
        int i => i != 0,
        long l => l != 0,
        decimal d => d != 0,
        _ => false,
    };

    private static async Task<List<string>> ColumnAsync(NpgsqlConnection db, string sql, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0))
            {
                values.Add(reader.GetString(0));
            }
        }
        return values;
    }
}
