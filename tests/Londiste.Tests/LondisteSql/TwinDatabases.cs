using Npgsql;

namespace Londiste.Tests.LondisteSql;

/// <summary>
/// Our londiste database and one with the original extension. Statements run on both; their
/// results (and errors) must be equal, and ours are returned for further asserts.
/// </summary>
public sealed class TwinDatabases(NpgsqlConnection ours, NpgsqlConnection original) : IAsyncDisposable
{
    public NpgsqlConnection Ours { get; } = ours;
    public NpgsqlConnection Original { get; } = original;

    /// <summary>Runs the statement on both; the result lines must be equal.</summary>
    public async Task<List<string>> SameAsync(string sql, params object?[] args)
    {
        var expected = await Original.LinesAsync(sql, args);
        var actual = await Ours.LinesAsync(sql, args);
        Assert.True(expected.SequenceEqual(actual),
            $"{sql}\n  original: [{string.Join("; ", expected)}]\n  ours:     [{string.Join("; ", actual)}]");
        return actual;
    }

    /// <summary>Runs a one-row statement on both; the row must be equal.</summary>
    public async Task<string> SameLineAsync(string sql, params object?[] args) => Assert.Single(await SameAsync(sql, args));

    /// <summary>Runs the statement on both; both must fail with the same message, which is returned.</summary>
    public async Task<string> SameErrorAsync(string sql, params object?[] args)
    {
        var expected = await Assert.ThrowsAsync<PostgresException>(() => Original.ExecAsync(sql, args));
        var actual = await Assert.ThrowsAsync<PostgresException>(() => Ours.ExecAsync(sql, args));
        Assert.Equal(expected.MessageText, actual.MessageText);
        return actual.MessageText;
    }

    public async Task ExecAsync(string sql, params object?[] args)
    {
        await Original.ExecAsync(sql, args);
        await Ours.ExecAsync(sql, args);
    }

    /// <summary>A root node of queue <paramref name="queue"/> on both.</summary>
    public async Task RootAsync(string queue = "q", string node = "root1")
    {
        await ExecAsync("select pgq_node.register_location($1, $2, 'dbname=x', false)", queue, node);
        await SameLineAsync("select * from pgq_node.create_node($1, 'root', $2, 'w', null, null, null)", queue, node);
    }

    /// <summary>A node of <paramref name="type"/> ('leaf' or 'branch') of queue <paramref name="queue"/> below a root elsewhere.</summary>
    public async Task SubscriberAsync(string queue = "q", string type = "leaf", string node = "sub1", string? combinedQueue = null)
    {
        await ExecAsync("select pgq_node.register_location($1, 'root1', 'dbname=y', false)", queue);
        await ExecAsync("select pgq_node.register_location($1, $2, 'dbname=x', false)", queue, node);
        await SameLineAsync("select * from pgq_node.create_node($1, $2, $3, 'w', 'root1', 1, $4)", queue, type, node, combinedQueue);
    }

    /// <summary>The events queued so far on <paramref name="queue"/> (type, data, extra1, extra2), equal on both.</summary>
    public async Task<List<string>> SameEventsAsync(string queue = "q")
    {
        var table = await Ours.ScalarAsync<string>("select queue_data_pfx from pgq.queue where queue_name = $1", queue);
        return await SameAsync($"select ev_type, ev_data, ev_extra1, ev_extra2 from {table} order by ev_id");
    }

    /// <summary>
    /// The user triggers of a table with their definitions, equal on both. Where our pgq has no
    /// pgq.sqltriga, our TRUNCATE trigger uses pgq.logutriga, which queues the same event; the
    /// original's definition is read that way then. Our per-table capture functions
    /// (pgq._logutriga_RELID_HASH, made by pgq.capture_trigger_function, and pgq._jsontriga_/_sqltriga_
    /// ones made by pgq.capture_jsontriga_function / capture_sqltriga_function) read as pgq.logutriga,
    /// pgq.jsontriga, pgq.sqltriga: they
    /// queue the same events (tests/PgQ.Tests/Triggers compares them with the original's trigger).
    /// </summary>
    public async Task<List<string>> SameTriggersAsync(string table)
    {
        const string sql = "select tgname, pg_get_triggerdef(oid) from pg_trigger where tgrelid = $1::regclass and not tgisinternal order by 1";
        var expected = await Original.LinesAsync(sql, table);
        if (!await OursHasAsync("pgq.sqltriga"))
        {
            expected = expected.Select(l => l.Contains(" AFTER TRUNCATE ", StringComparison.Ordinal) ? l.Replace("pgq.sqltriga(", "pgq.logutriga(", StringComparison.Ordinal) : l).ToList();
        }
        var actual = (await Ours.LinesAsync(sql, table))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"pgq\._(logutriga|jsontriga|sqltriga)_[0-9]+_[0-9a-f]{8}\(", "pgq.$1("))
            .ToList();
        Assert.True(expected.SequenceEqual(actual), $"triggers of {table}\n  original: [{string.Join("; ", expected)}]\n  ours:     [{string.Join("; ", actual)}]");
        return actual;
    }

    /// <summary>Whether our database has the function (our pgq may lack the original's sqltriga / jsontriga).</summary>
    public async Task<bool> OursHasAsync(string function) =>
        await Ours.ScalarAsync("select to_regproc($1)::oid", function) is not null;

    public async ValueTask DisposeAsync()
    {
        await Ours.DisposeAsync();
        await Original.DisposeAsync();
    }
}
