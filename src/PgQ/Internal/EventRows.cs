using Npgsql;

namespace PgQ.Internal;

/// <summary>Reads events in the column order every pgq batch function returns them.</summary>
internal static class EventRows
{
    /// <summary>The ten event columns, in the order of <c>pgq.get_batch_events</c> and <c>pgq.get_batch_cursor</c>.</summary>
    public const string Columns = "ev_id, ev_time, ev_txid, ev_retry, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4";

    public static PgQEvent Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetFieldValue<DateTimeOffset>(1),
        reader.GetInt64(2),
        reader.IsDBNull(3) ? null : reader.GetInt32(3),
        NullableText(reader, 4),
        NullableText(reader, 5),
        NullableText(reader, 6),
        NullableText(reader, 7),
        NullableText(reader, 8),
        NullableText(reader, 9));

    private static string? NullableText(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
