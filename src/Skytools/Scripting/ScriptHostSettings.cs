namespace Skytools.Scripting;

/// <summary>What distinguishes one script from another for the host: its name, config section and texts.</summary>
/// <param name="ServiceName">program name used in messages (pgqd, londiste)</param>
/// <param name="MainSection">the config section the script reads ([pgqd], [londiste])</param>
public sealed record ScriptHostSettings(string ServiceName, string MainSection);
