using Npgsql;
using NpgsqlTypes;

namespace PgQ.Internal;

/// <summary>Typed positional parameters: a typed NULL lets PostgreSQL pick the right overload of a pgq function.</summary>
internal static class Parameters
{
    public static NpgsqlParameter Text(string? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Bigint(long? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = value.HasValue ? value.Value : DBNull.Value };

    public static NpgsqlParameter Integer(int? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = value.HasValue ? value.Value : DBNull.Value };

    public static NpgsqlParameter Boolean(bool value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Boolean, Value = value };

    public static NpgsqlParameter Interval(TimeSpan? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Interval, Value = value.HasValue ? value.Value : DBNull.Value };

    public static NpgsqlParameter TextArray(string?[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values };

    public static NpgsqlParameter BigintArray(long[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = values };

    public static NpgsqlParameter IntegerArray(int[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, Value = values };

    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
