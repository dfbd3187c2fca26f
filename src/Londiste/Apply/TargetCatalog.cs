using Npgsql;

namespace Londiste.Apply;

/// <summary>
/// Looks up each target table's columns and types once and keeps them (with the statements built for the table) until
/// <see cref="Clear"/>: the apply path must not query the catalog per event.
/// </summary>
internal sealed class TargetCatalog
{
    // Types of pg_catalog print unqualified with their modifier (numeric(12,2), character varying(20), integer[]);
    // other types (enums, composites, domains, their arrays) are qualified by schema, so the cast does not depend on
    // the session's search_path.
    private const string ColumnsQuery = """
        select a.attname::text,
               case when t.typnamespace = 'pg_catalog'::pg_catalog.regnamespace
                    then pg_catalog.format_type(a.atttypid, a.atttypmod)
                    else pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(t.typname) end,
               a.attgenerated <> '',
               a.attidentity = 'a'
          from pg_catalog.pg_class c
          join pg_catalog.pg_namespace cn on cn.oid = c.relnamespace
          join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
          join pg_catalog.pg_type t on t.oid = a.atttypid
          join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
         where cn.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p', 'f')
         order by a.attnum
        """;

    private readonly Dictionary<TableName, TargetTable> _tables = [];

    /// <summary>Forgets every table (after DDL on the target: an EXECUTE event, a failed batch).</summary>
    public void Clear() => _tables.Clear();

    /// <summary>The table, looked up on first use; null when the target has no such table.</summary>
    public async ValueTask<TargetTable?> GetAsync(TableName name, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_tables.TryGetValue(name, out var known))
        {
            return known;
        }

        var columns = new List<TargetColumn>();
        await using (var command = new NpgsqlCommand(ColumnsQuery, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name.Schema });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name.Name });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var column = reader.GetString(0);
                var type = reader.GetString(1);
                columns.Add(new TargetColumn(column, Sql.QuoteIdent(column), type == "text" ? "" : "::" + type,
                    reader.GetBoolean(2), reader.GetBoolean(3)));
            }
        }

        if (columns.Count == 0)
        {
            return null;
        }

        var table = new TargetTable(name, columns);
        _tables[name] = table;
        return table;
    }
}
