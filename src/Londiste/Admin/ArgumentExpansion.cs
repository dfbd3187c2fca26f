namespace Londiste.Admin;

/// <summary>
/// Turns table or sequence arguments (names, globs, --all) into names: for adding, among the objects
/// the set has that are not attached here (local_show_missing); for removing, among the attached ones.
/// </summary>
internal static class ArgumentExpansion
{
    public static async Task<List<string>> ExpandAsync(AdminSession session, NodeDatabase db, char kind, bool existing, IReadOnlyList<string> args, bool needsTable, CancellationToken cancellationToken)
    {
        var queue = session.QueueName;
        var localSql = kind == 'S'
            ? "select seq_name as name from londiste.get_seq_list($1) where local"
            : "select table_name as name from londiste.get_table_list($1) where local";
        var attached = (await db.QueryAsync(localSql, [queue], cancellationToken)).Select(r => r.GetString("name")!).ToList();
        var missing = (await db.QueryAsync("select obj_name from londiste.local_show_missing($1) where obj_kind = $2", [queue, kind.ToString()], cancellationToken))
            .Select(r => r.GetString("obj_name")!).ToList();
        if (args.Count == 0)
        {
            if (session.Options.All)
            {
                return existing ? attached : missing;
            }
            throw new AdminException($"no {(kind == 'S' ? "sequence" : "table")} given: name them (schema.name, globs allowed) or use --all");
        }
        var what = kind == 'S' ? "sequence(s)" : "table(s)";
        return existing
            ? ObjectNames.Resolve(args, attached, missing.ToHashSet(StringComparer.Ordinal), !needsTable, session.Options.Force, session.Logger, what)
            : ObjectNames.Resolve(args, missing, attached.ToHashSet(StringComparer.Ordinal), !needsTable, session.Options.Force, session.Logger, what);
    }
}
