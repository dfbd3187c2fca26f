using System.Net.Sockets;
using Npgsql;

namespace Londiste.Admin;

/// <summary>Turns database exceptions into one line for the operator (no Npgsql multi-line detail).</summary>
public static class DbErrors
{
    public static bool IsDatabaseError(Exception e) =>
        e is NpgsqlException or SocketException or TimeoutException;

    public static string Describe(Exception e)
    {
        var message = e is PostgresException postgres ? $"{postgres.SqlState}: {postgres.MessageText}" : e.Message;
        if (e is NpgsqlException { InnerException: { } inner } && e is not PostgresException && !message.Contains(inner.Message, StringComparison.Ordinal))
        {
            message += ": " + inner.Message;
        }
        return message.ReplaceLineEndings(" ").Trim();
    }

    /// <summary>A hint fitting the failure: what the operator should look at.</summary>
    public static string Hint(Exception e) => e switch
    {
        PostgresException { SqlState: "28P01" or "28000" } => "check user and password in the connection string (or ~/.pgpass)",
        PostgresException { SqlState: "3D000" } => "check dbname in the connection string",
        PostgresException { SqlState: "42883" or "3F000" } => "the database lacks the pgq/pgq_node/londiste schemas: create the node first, or run londiste --install CONNSTR",
        PostgresException { SqlState: "42501" } => "grant the user the needed rights, or use the owner of the objects",
        PostgresException => "see the message",
        _ => "check that the server runs and host/port in the connection string",
    };
}
