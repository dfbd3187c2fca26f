namespace Skytools.Config;

/// <summary>
/// A configuration problem the operator must fix: the message is one line saying what is wrong,
/// where (file, section, key, line) and what to do. Hosts print it without a stack trace.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException()
    {
    }

    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
