using Londiste.Configuration;
using Microsoft.Extensions.Logging;

namespace Londiste.Admin;

/// <summary>
/// What one admin command works with: the settings, the switches, the log, stdout, and the
/// connections it opened (the local node's database, the provider, other members), closed at the end.
/// </summary>
public sealed class AdminSession : IAsyncDisposable
{
    private readonly Dictionary<string, NodeDatabase> _databases = new(StringComparer.Ordinal);

    public AdminSession(LondisteSettings settings, AdminOptions options, ILogger logger, TextWriter output)
    {
        Settings = settings;
        Options = options;
        Logger = logger;
        Output = output;
    }

    public LondisteSettings Settings { get; }
    public AdminOptions Options { get; }
    public ILogger Logger { get; }
    public TextWriter Output { get; }
    public string QueueName => Settings.QueueName;

    /// <summary>The local node's database (key <c>db</c>).</summary>
    public Task<NodeDatabase> LocalAsync(CancellationToken cancellationToken) =>
        GetAsync("db", Settings.Db, remote: false, cancellationToken);

    /// <summary>A connection by name, opened on first use; <paramref name="remote"/> adds remote_extra_connstr.</summary>
    public async Task<NodeDatabase> GetAsync(string name, string location, bool remote, CancellationToken cancellationToken)
    {
        if (_databases.TryGetValue(name, out var open))
        {
            return open;
        }
        var connectString = remote && Settings.RemoteExtraConnstr.Length > 0 ? location + " " + Settings.RemoteExtraConnstr : location;
        var database = await NodeDatabase.OpenAsync(name, connectString, Logger, cancellationToken);
        _databases[name] = database;
        return database;
    }

    public async Task CloseAsync(string name)
    {
        if (_databases.Remove(name, out var database))
        {
            await database.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases.Values)
        {
            await database.DisposeAsync();
        }
        _databases.Clear();
    }
}
