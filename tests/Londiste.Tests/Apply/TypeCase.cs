namespace Londiste.Tests.Apply;

/// <summary>
/// One round-trip case: a table with an integer key and two value columns of one type, edge values written first,
/// then random ones. Names are given quoted, so a case can use awkward schema, table and column names.
/// </summary>
/// <param name="Name">Case name (test parameter).</param>
/// <param name="Setup">DDL run before the table in both databases (types, domains); may be empty.</param>
/// <param name="Table">Quoted <c>schema.table</c>; the schema is created by the test.</param>
/// <param name="Key">Quoted key column name (integer primary key).</param>
/// <param name="V">Quoted first value column.</param>
/// <param name="W">Quoted second value column.</param>
/// <param name="Type">The value columns' type.</param>
/// <param name="Extra">More column definitions (generated columns), or empty.</param>
/// <param name="Edge">Values every run writes, as text input (null is SQL NULL).</param>
/// <param name="Random">Random values as text input.</param>
internal sealed record TypeCase(
    string Name, string Setup, string Table, string Key, string V, string W, string Type, string Extra,
    string?[] Edge, Func<Random, string?> Random)
{
    public string Schema => Table[..(Table.IndexOf("\".\"", StringComparison.Ordinal) + 1)];

    public override string ToString() => Name;
}
