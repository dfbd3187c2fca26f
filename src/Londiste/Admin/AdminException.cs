namespace Londiste.Admin;

/// <summary>
/// An admin command cannot go on: bad arguments, a missing object, an unreachable node. The message is
/// one line for the operator (what, which object, what to do); the command line prints it and exits 1.
/// </summary>
public sealed class AdminException : Exception
{
    public AdminException(string message)
        : base(message)
    {
    }

    public AdminException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the reason was already logged (a database function answered with an error code).</summary>
    public bool AlreadyLogged { get; init; }
}
