namespace PgQ.Tests.Pgqd;

/// <summary>Which pgq a test database gets: ours (plain SQL, installed by SchemaInstaller) or the original extension.</summary>
public enum PgqFlavor
{
    Ours,
    Original,
}
