namespace PgQ.Events;

/// <summary>
/// Reuses the column-name strings of the row decoded last on this thread. Events of one table come in runs and
/// list their columns in the same order, so the name at position i is almost always the previous row's name at
/// position i: comparing is cheaper than allocating a new string per column per event. The cached array is the
/// previous row's own (immutable) column array, so caching allocates nothing.
/// </summary>
internal static class ColumnNameCache
{
    [ThreadStatic]
    private static ColumnValue[]? t_columns;

    [ThreadStatic]
    private static int t_count;

    /// <summary>The previous row's name at <paramref name="index"/> when it equals <paramref name="raw"/>, else null.</summary>
    public static string? Find(int index, ReadOnlySpan<char> raw)
    {
        var columns = t_columns;
        if (columns is not null && index < t_count)
        {
            var name = columns[index].Name;
            if (raw.SequenceEqual(name))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The previous row's name at <paramref name="index"/>, or null.</summary>
    public static string? At(int index)
    {
        var columns = t_columns;
        return columns is not null && index < t_count ? columns[index].Name : null;
    }

    /// <summary>Remembers the names of a row just decoded.</summary>
    public static void Remember(ColumnValue[] columns, int count)
    {
        t_columns = columns;
        t_count = count;
    }
}
