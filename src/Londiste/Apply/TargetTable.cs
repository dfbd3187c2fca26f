namespace Londiste.Apply;

/// <summary>
/// What the apply statements need to know about one target table, looked up once per <see cref="BatchApplier"/>
/// (see <see cref="TargetCatalog"/>).
/// </summary>
internal sealed class TargetTable
{
    private readonly Dictionary<string, TargetColumn> _columns;

    public TargetTable(TableName name, IReadOnlyList<TargetColumn> columns)
    {
        Name = name;
        Quoted = name.Quoted;
        _columns = new Dictionary<string, TargetColumn>(columns.Count, StringComparer.Ordinal);
        foreach (var column in columns)
        {
            _columns[column.Name] = column;
        }
    }

    public TableName Name { get; }

    /// <summary><c>"schema"."table"</c>.</summary>
    public string Quoted { get; }

    public TargetColumn? Column(string name) => _columns.GetValueOrDefault(name);
}
