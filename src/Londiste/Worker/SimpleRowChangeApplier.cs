using System.Text;
using Npgsql;
using NpgsqlTypes;
using PgQ.Events;
using Skytools.Sql;

namespace Londiste.Worker;

/// <summary>
/// A plain applier: one parameterised INSERT / UPDATE / DELETE per event, sent in round trips of up to 200
/// statements (as the original buffers its SQL). Values go as untyped text so the server converts them with the
/// column's input function, exactly as the original's quoted literals.
/// </summary>
internal sealed class SimpleRowChangeApplier : IRowChangeApplier
{
    private const int MaxBuffered = 200;
    private NpgsqlBatch? _batch;

    public async ValueTask ApplyAsync(NpgsqlConnection connection, string destTable, RowChange change, CancellationToken cancellationToken)
    {
        var command = Build(QuoteTable(destTable), change);
        if (command is null)
        {
            return;
        }
        _batch ??= new NpgsqlBatch(connection);
        _batch.BatchCommands.Add(command);
        if (_batch.BatchCommands.Count >= MaxBuffered)
        {
            await FlushAsync(connection, cancellationToken);
        }
    }

    public async ValueTask FlushAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var batch = _batch;
        _batch = null;
        if (batch is null)
        {
            return;
        }
        await using (batch)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Statements are sent in the foreground, whatever is allowed.</summary>
    public void AllowBackgroundApply(bool allowed)
    {
    }

    public async ValueTask DiscardAsync()
    {
        var batch = _batch;
        _batch = null;
        if (batch is not null)
        {
            await batch.DisposeAsync();
        }
    }

    private static string QuoteTable(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0
            ? SqlQuote.Ident("public") + "." + SqlQuote.Ident(name)
            : SqlQuote.Ident(name[..dot]) + "." + SqlQuote.Ident(name[(dot + 1)..]);
    }

    private static NpgsqlBatchCommand? Build(string table, RowChange change)
    {
        var command = new NpgsqlBatchCommand();
        var sql = new StringBuilder();
        switch (change.Operation)
        {
            case RowOperation.Insert:
                sql.Append("insert into ").Append(table).Append(" (");
                var values = new StringBuilder();
                foreach (var column in change.Columns.AsSpan())
                {
                    if (values.Length > 0)
                    {
                        sql.Append(", ");
                        values.Append(", ");
                    }
                    sql.Append(SqlQuote.Ident(column.Name));
                    values.Append(Add(command, column.Value));
                }
                sql.Append(") values (").Append(values).Append(')');
                break;
            case RowOperation.Update:
                sql.Append("update only ").Append(table).Append(" set ");
                var first = true;
                foreach (var column in change.Columns.AsSpan())
                {
                    if (change.KeyColumns.Contains(column.Name))
                    {
                        continue;
                    }
                    sql.Append(first ? "" : ", ").Append(SqlQuote.Ident(column.Name)).Append(" = ").Append(Add(command, column.Value));
                    first = false;
                }
                if (first)
                {
                    return null; // Only key columns: nothing to change.
                }
                AppendWhere(sql, command, change);
                break;
            case RowOperation.Delete:
                sql.Append("delete from only ").Append(table);
                AppendWhere(sql, command, change);
                break;
            default:
                throw new InvalidOperationException($"event {change.EventId}: {change.Operation} is not a row change");
        }
        command.CommandText = sql.ToString();
        return command;
    }

    private static void AppendWhere(StringBuilder sql, NpgsqlBatchCommand command, RowChange change)
    {
        if (change.KeyValues.Count == 0)
        {
            throw new InvalidOperationException($"event {change.EventId} on {change.QualifiedName}: no primary key in the event, cannot {change.Operation}");
        }
        sql.Append(" where ");
        var first = true;
        foreach (var key in change.KeyValues.AsSpan())
        {
            sql.Append(first ? "" : " and ").Append(SqlQuote.Ident(key.Name));
            sql.Append(key.Value is null ? " is null" : " = " + Add(command, key.Value));
            first = false;
        }
    }

    private static string Add(NpgsqlBatchCommand command, string? value)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Unknown });
        return "$" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
