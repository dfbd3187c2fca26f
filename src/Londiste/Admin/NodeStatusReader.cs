using Skytools.Config;

namespace Londiste.Admin;

/// <summary>
/// Reads what `status` shows about one member, over a connection of its own (members are read in
/// parallel): node info, the tick times of its queue's consumers, ticker lag, consumer errors, and the
/// table counts (ok / in progress / not local). A node that cannot be read shows as dead.
/// </summary>
internal sealed class NodeStatusReader
{
    private readonly AdminSession _session;

    public NodeStatusReader(AdminSession session)
    {
        _session = session;
    }

    /// <returns>the node, and the failure line to print when it could not be read</returns>
    public async Task<(NodeInfo Node, string? Failure)> ReadAsync(MemberInfo member, CancellationToken cancellationToken)
    {
        if (member.Dead || member.Location is null)
        {
            return (NodeInfo.Dead(member.Name), null);
        }
        var queue = _session.QueueName;
        var location = _session.Settings.RemoteExtraConnstr.Length > 0 ? member.Location + " " + _session.Settings.RemoteExtraConnstr : member.Location;
        try
        {
            await using var db = await NodeDatabase.OpenAsync(member.Name, location, _session.Logger, cancellationToken);
            var node = NodeInfo.FromRow(await db.QuerySingleAsync(Sql.GetNodeInfo, [queue], cancellationToken));
            if (node.Name.Length == 0)
            {
                return (NodeInfo.Dead(member.Name), $"Node '{member.Name}' failure: no node of queue {queue} there");
            }
            foreach (var row in await db.QueryAsync(Sql.QueueConsumerTicks, [queue], cancellationToken))
            {
                if (row["tick_time"] is DateTime tickTime)
                {
                    node.ConsumerTickTimes[row.GetString("consumer_name")!] = tickTime;
                }
            }
            if ((await db.QueryAsync(Sql.QueueTickerLag, [queue], cancellationToken)).FirstOrDefault() is { } queueRow)
            {
                node.Now = queueRow["now"] as DateTime?;
                node.TickerLag = queueRow["ticker_lag"] as TimeSpan?;
            }
            foreach (var row in await db.QueryAsync(Sql.CascadedConsumerErrors, [queue], cancellationToken))
            {
                if (row.GetString("cur_error") is { Length: > 0 } error)
                {
                    var newline = error.IndexOf('\n', StringComparison.Ordinal);
                    node.Errors.Add((row.GetString("consumer_name")!, newline > 0 ? error[..newline] : error));
                }
            }
            int ok = 0, half = 0, ignored = 0;
            foreach (var table in await db.QueryAsync(Sql.TableList, [queue], cancellationToken))
            {
                if (!table.GetBool("local"))
                {
                    ignored++;
                }
                else if (table.GetString("merge_state") == "ok")
                {
                    ok++;
                }
                else
                {
                    half++;
                }
            }
            node.InfoLines.Add($"Tables: {ok}/{half}/{ignored}");
            return (node, null);
        }
        catch (Exception e) when (e is AdminException or ConfigException || DbErrors.IsDatabaseError(e))
        {
            var message = e is AdminException { InnerException: { } inner } ? DbErrors.Describe(inner) : DbErrors.Describe(e);
            return (NodeInfo.Dead(member.Name), $"Node '{member.Name}' failure: {message}");
        }
    }
}
