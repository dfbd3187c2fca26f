using Skytools.Sql;

namespace Pgqd;

/// <summary>
/// One row of <c>pgq.maint_operations()</c>: a function to call with 0 or 1 text argument (called
/// again while it returns non-zero), or <c>vacuum</c>/<c>vacuum analyze</c> of a table. Names come
/// from the database unquoted and are always quoted here before they enter SQL text.
/// </summary>
internal sealed record MaintenanceOperation(string FunctionName, string? Argument)
{
    public bool IsVacuum => VacuumCommand is not null;

    private string? VacuumCommand => FunctionName.Trim().ToLowerInvariant() switch
    {
        "vacuum" => "vacuum",
        "vacuum analyze" => "vacuum analyze",
        _ => null,
    };

    /// <summary>The SQL to run: <c>vacuum "s"."t"</c>, <c>select "s"."f"($1)</c> or <c>select "s"."f"()</c>.</summary>
    public string Sql()
    {
        if (VacuumCommand is { } vacuum)
        {
            return $"{vacuum} {SqlQuote.QualifiedIdent(Argument ?? "")}";
        }
        var function = SqlQuote.QualifiedIdent(FunctionName);
        return Argument is null ? $"select {function}()" : $"select {function}($1)";
    }

    public override string ToString() => Argument is null ? $"{FunctionName}()" : IsVacuum ? $"{FunctionName} {Argument}" : $"{FunctionName}({Argument})";
}
