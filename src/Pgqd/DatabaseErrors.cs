using System.Net.Sockets;
using Npgsql;

namespace Pgqd;

/// <summary>Which exceptions mean "this database is unwell" (log, drop the connection, retry) rather than a bug in pgqd.</summary>
internal static class DatabaseErrors
{
    public static bool IsDatabaseError(Exception e) =>
        e is NpgsqlException or SocketException or TimeoutException or IOException;

    /// <summary>True when the server was never reached (as opposed to a statement that failed).</summary>
    public static bool IsConnectFailure(Exception e) =>
        e is NpgsqlException { InnerException: SocketException or TimeoutException or IOException } and not PostgresException
        || e is SocketException
        || e is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "3D000" or "28000" or "28P01" or "53300" };

    /// <summary>The message without Npgsql's multi-line detail, so that one error is one log line.</summary>
    public static string Describe(Exception e)
    {
        var message = e is PostgresException postgres ? $"{postgres.SqlState}: {postgres.MessageText}" : e.Message;
        if (e is NpgsqlException { InnerException: { } inner } && e is not PostgresException && !message.Contains(inner.Message, StringComparison.Ordinal))
        {
            message += ": " + inner.Message;
        }
        return message.ReplaceLineEndings(" ");
    }
}
