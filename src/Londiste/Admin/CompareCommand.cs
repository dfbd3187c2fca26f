using Londiste.Compare;
using Londiste.Configuration;

namespace Londiste.Admin;

/// <summary>`compare [TABLE...] [--count-only] [--force]`: fails (exit 1) naming the tables whose results differ.</summary>
internal static class CompareCommand
{
    public static async Task RunAsync(AdminSession session, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        var settings = session.Settings;
        var options = new CompareOptions
        {
            NodeConnectionString = settings.Db,
            QueueName = settings.QueueName,
            Tables = tables,
            LockTimeout = settings.LockTimeout,
            // Only a compare_sql of the user's own is run as given; the default may be summed in page ranges.
            CompareSql = settings.CompareSql == LondisteSettings.DefaultCompareSql ? null : settings.CompareSql,
            CompareFormat = settings.CompareFormat == LondisteSettings.DefaultCompareFormat ? null : settings.CompareFormat,
            CountOnly = session.Options.CountOnly,
            Force = session.Options.Force,
        };
        IReadOnlyList<TableResult> results;
        try
        {
            results = await new Comparator(options, session.Logger).RunAsync(cancellationToken);
        }
        catch (CompareException e)
        {
            throw new AdminException(e.Message);
        }
        var differing = results.Where(r => r.Compared && !r.Matches).Select(r => r.Table).ToList();
        if (differing.Count > 0)
        {
            throw new AdminException($"{differing.Count} table(s) differ: {string.Join(", ", differing)}: check the worker's log and status; `londiste CONFIG resync TABLE` copies a table again");
        }
    }
}
