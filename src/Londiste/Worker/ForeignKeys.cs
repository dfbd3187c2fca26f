using Microsoft.Extensions.Logging;
using Npgsql;

namespace Londiste.Worker;

/// <summary>
/// Foreign keys around a copy, as the original: before a table is copied every key from or to it is dropped and
/// saved in <c>londiste.pending_fkeys</c> (one commit per key, to keep lock waits short); the main worker restores
/// the keys whose both tables are in sync at the start of each batch.
/// </summary>
internal static class ForeignKeys
{
    public static async Task DropAsync(NpgsqlConnection local, string table, ILogger logger, CancellationToken cancellationToken)
    {
        var keys = new List<(string From, string Name)>();
        await using (var find = LocalNode.Command(local, "select from_table, fkey_name from londiste.find_table_fkeys($1)", table))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var (from, name) in keys)
        {
            WorkerLog.DroppingFkey(logger, name);
            await using var drop = LocalNode.Command(local, "select londiste.drop_table_fkey($1, $2)", from, name);
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public static async Task RestoreValidAsync(NpgsqlConnection local, string queue, ILogger logger, CancellationToken cancellationToken)
    {
        var keys = new List<(string From, string To, string Name)>();
        await using (var find = LocalNode.Command(local, "select from_table, to_table, fkey_name from londiste.get_valid_pending_fkeys($1)", queue))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }
        foreach (var (from, to, name) in keys)
        {
            WorkerLog.CreatingFkey(logger, name, from, to);
            // Lazy restore: NOT VALID first, then VALIDATE, each step its own short transaction.
            while (true)
            {
                string? step;
                await using (var restore = LocalNode.Command(local, "select londiste.restore_table_fkey($1, $2, true)", from, name))
                {
                    step = await restore.ExecuteScalarAsync(cancellationToken) as string;
                }
                if (string.IsNullOrEmpty(step))
                {
                    break;
                }
                await using var run = new NpgsqlCommand(step, local);
                await run.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}
