namespace Skytools.Config;

/// <summary>A raw (not yet interpolated) value and the line it started on, for error messages.</summary>
public sealed record IniValue(string Raw, int Line);
