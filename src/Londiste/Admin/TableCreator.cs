using System.Text;
using Skytools.Sql;

namespace Londiste.Admin;

/// <summary>
/// add-table --create / --create-full: creates a missing table on the subscriber from the provider's
/// definition. --create makes the columns (type, not null) and the primary key; --create-full adds
/// column defaults (except sequence defaults, whose sequences may not exist here), check and unique
/// constraints and the other indexes. Foreign keys are left out: a replica applies rows in the
/// provider's commit order, table by table, and would trip over them.
/// </summary>
internal static class TableCreator
{
    public static async Task<bool> ExistsAsync(NodeDatabase db, string table, char kind, CancellationToken cancellationToken)
    {
        var (schema, name) = ObjectNames.Split(table);
        var rows = await db.QueryAsync(
            "select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2 and c.relkind = any($3)",
            [schema, name, kind == 'S' ? new[] { "S" } : new[] { "r", "p" }], cancellationToken);
        return rows.Count > 0;
    }

    public static async Task CreateAsync(NodeDatabase source, string sourceTable, NodeDatabase target, string targetTable, bool full, CancellationToken cancellationToken)
    {
        var (sourceSchema, sourceName) = ObjectNames.Split(sourceTable);
        var oidRow = await source.QuerySingleAsync(
            "select coalesce((select c.oid::int8 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2), 0) as oid",
            [sourceSchema, sourceName], cancellationToken);
        var oid = oidRow.GetLong("oid") ?? 0;
        var (schema, name) = ObjectNames.Split(targetTable);
        var quoted = SqlQuote.Ident(schema) + "." + SqlQuote.Ident(name);
        var columns = await source.QueryAsync(
            """
            select quote_ident(a.attname) as qname, format_type(a.atttypid, a.atttypmod) as dtype, a.attnotnull as notnull,
                   case when a.atthasdef then pg_get_expr(d.adbin, d.adrelid) end as def
              from pg_catalog.pg_attribute a left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
             where a.attrelid = $1::int8::oid and a.attnum > 0 and not a.attisdropped
             order by a.attnum
            """, [oid], cancellationToken);
        var sql = new StringBuilder();
        sql.Append("create schema if not exists ").Append(SqlQuote.Ident(schema)).Append(";\n");
        sql.Append("create table ").Append(quoted).Append(" (\n");
        sql.Append(string.Join(",\n", columns.Select(c =>
        {
            var line = "    " + c.GetString("qname") + " " + c.GetString("dtype");
            if (c.GetBool("notnull"))
            {
                line += " not null";
            }
            if (full && c.GetString("def") is { } def && !def.Contains("nextval(", StringComparison.Ordinal))
            {
                line += " default " + def;
            }
            return line;
        })));
        sql.Append("\n);\n");
        var constraints = await source.QueryAsync(
            "select conname::text as name, contype::text as kind, pg_get_constraintdef(oid) as def, conindid::int8 as index from pg_catalog.pg_constraint where conrelid = $1::int8::oid and contype in ('p', 'u', 'c', 'x') order by contype <> 'p', conname",
            [oid], cancellationToken);
        var constraintIndexes = new HashSet<long>();
        foreach (var constraint in constraints)
        {
            constraintIndexes.Add(constraint.GetLong("index") ?? 0);
            if (constraint.GetString("kind") == "p" || full)
            {
                sql.Append("alter table only ").Append(quoted).Append(" add constraint ").Append(SqlQuote.Ident(constraint.GetString("name")!))
                    .Append(' ').Append(constraint.GetString("def")).Append(";\n");
            }
        }
        if (full)
        {
            var indexes = await source.QueryAsync(
                """
                select i.indexrelid::int8 as oid, quote_ident(c.relname) as qname,
                       substring(pg_get_indexdef(i.indexrelid) from ' USING .*$') as tail, i.indisunique as isunique
                  from pg_catalog.pg_index i join pg_catalog.pg_class c on c.oid = i.indexrelid
                 where i.indrelid = $1::int8::oid
                """, [oid], cancellationToken);
            foreach (var index in indexes.Where(i => !constraintIndexes.Contains(i.GetLong("oid") ?? 0)))
            {
                sql.Append(index.GetBool("isunique") ? "create unique index " : "create index ").Append(index.GetString("qname"))
                    .Append(" on ").Append(quoted).Append(index.GetString("tail")).Append(";\n");
            }
        }
        await target.ExecuteAsync(sql.ToString(), cancellationToken);
    }

    /// <summary>add-seq --create: a sequence with the provider's increment, bounds and cycle flag.</summary>
    public static async Task CreateSequenceAsync(NodeDatabase source, NodeDatabase target, string sequence, CancellationToken cancellationToken)
    {
        var (schema, name) = ObjectNames.Split(sequence);
        var row = await source.QuerySingleAsync(
            "select data_type::text as dtype, increment_by, min_value, max_value, start_value, cache_size, cycle from pg_catalog.pg_sequences where schemaname = $1 and sequencename = $2",
            [schema, name], cancellationToken);
        var quoted = SqlQuote.Ident(schema) + "." + SqlQuote.Ident(name);
        var sql = $"create schema if not exists {SqlQuote.Ident(schema)}; create sequence {quoted} as {row.GetString("dtype")} increment by {row.GetLong("increment_by")} minvalue {row.GetLong("min_value")} maxvalue {row.GetLong("max_value")} start with {row.GetLong("start_value")} cache {row.GetLong("cache_size")}{(row.GetBool("cycle") ? " cycle" : " no cycle")}";
        await target.ExecuteAsync(sql, cancellationToken);
    }
}
