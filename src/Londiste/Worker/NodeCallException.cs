namespace Londiste.Worker;

/// <summary>A pgq_node or londiste function answered with an error code (4xx/5xx); the message is its note.</summary>
public sealed class NodeCallException : Exception
{
    public NodeCallException(string function, int code, string note)
        : base($"{function}: {code} {note}")
    {
        Function = function;
        Code = code;
        Note = note;
    }

    public NodeCallException()
    {
        Function = "";
        Note = "";
    }

    public NodeCallException(string message) : base(message)
    {
        Function = "";
        Note = message;
    }

    public NodeCallException(string message, Exception innerException) : base(message, innerException)
    {
        Function = "";
        Note = message;
    }

    /// <summary>The SQL function that answered.</summary>
    public string Function { get; }

    /// <summary><c>ret_code</c>.</summary>
    public int Code { get; }

    /// <summary><c>ret_note</c>.</summary>
    public string Note { get; }
}
