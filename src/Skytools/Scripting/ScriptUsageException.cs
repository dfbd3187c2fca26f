namespace Skytools.Scripting;

/// <summary>A command-line mistake; hosts print the one-line message and exit with code 1.</summary>
public sealed class ScriptUsageException : Exception
{
    public ScriptUsageException()
    {
    }

    public ScriptUsageException(string message)
        : base(message)
    {
    }

    public ScriptUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
