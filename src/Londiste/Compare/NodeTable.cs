namespace Londiste.Compare;

/// <summary>A row of londiste.get_table_list: the table, its copy state and the name it has on this node.</summary>
internal sealed record NodeTable(string TableName, string? MergeState, string? DestTable)
{
    /// <summary>The table as it is called in this node's database.</summary>
    public string LocalName => string.IsNullOrEmpty(DestTable) ? TableName : DestTable;
}
