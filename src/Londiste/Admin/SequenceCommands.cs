namespace Londiste.Admin;

/// <summary>Sequences of the replication set: seqs, add-seq, remove-seq.</summary>
public sealed class SequenceCommands
{
    private readonly AdminSession _session;
    private readonly NodeLookup _lookup;

    public SequenceCommands(AdminSession session)
    {
        _session = session;
        _lookup = new NodeLookup(session);
    }

    private string Queue => _session.QueueName;

    public async Task SeqsAsync(CancellationToken cancellationToken)
    {
        var db = await _session.LocalAsync(cancellationToken);
        var rows = await db.QueryAsync(Sql.SeqList, [Queue], cancellationToken);
        await _session.Output.WriteAsync(TableDisplay.Render(
            "Sequences on node",
            ["seq_name", "local", "last_value"],
            rows.Select(r => (IReadOnlyList<object?>)[r["seq_name"], r["local"], r["last_value"]]).ToList()));
    }

    public async Task AddAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = _session.Options;
        var logger = _session.Logger;
        var info = await _lookup.LoadLocalInfoAsync(cancellationToken);
        var db = await _session.LocalAsync(cancellationToken);
        NodeDatabase? source = null;
        if (info.LocalNode.Type != "root")
        {
            source = await new TableCommands(_session).ProviderAsync(info, cancellationToken);
            await SyncSequenceListAsync(db, source, cancellationToken);
        }
        var sequences = await ArgumentExpansion.ExpandAsync(_session, db, 'S', existing: false, args, needsTable: true, cancellationToken);
        await db.BeginAsync(cancellationToken);
        foreach (var sequence in sequences)
        {
            var exists = await TableCreator.ExistsAsync(db, sequence, 'S', cancellationToken);
            if (options.Create || options.CreateFull)
            {
                if (exists)
                {
                    AdminLog.SequenceExists(logger, sequence);
                }
                else if (source is null || !await TableCreator.ExistsAsync(source, sequence, 'S', cancellationToken))
                {
                    AdminLog.SequenceMissingOnProvider(logger, sequence);
                    continue;
                }
                else
                {
                    await TableCreator.CreateSequenceAsync(source, db, sequence, cancellationToken);
                }
            }
            else if (!exists)
            {
                if (options.SkipNonExisting)
                {
                    AdminLog.SequenceMissingLocally(logger, sequence);
                    continue;
                }
                await db.RollbackAsync(cancellationToken);
                throw new AdminException($"Sequence {sequence} missing on local node: create it first, or use --create (or --skip-non-existing)");
            }
            await db.ExecCmdAsync(Sql.LocalAddSeq, [Queue, sequence], cancellationToken);
        }
        await db.CommitAsync(cancellationToken);
    }

    public async Task RemoveAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var db = await _session.LocalAsync(cancellationToken);
        var sequences = await ArgumentExpansion.ExpandAsync(_session, db, 'S', existing: true, args, needsTable: true, cancellationToken);
        await db.BeginAsync(cancellationToken);
        foreach (var sequence in sequences)
        {
            await db.ExecCmdAsync(Sql.LocalRemoveSeq, [Queue, sequence], cancellationToken);
        }
        await db.CommitAsync(cancellationToken);
    }

    private async Task SyncSequenceListAsync(NodeDatabase db, NodeDatabase source, CancellationToken cancellationToken)
    {
        var settings = _session.Settings;
        var sourceSeqs = (await source.QueryAsync(Sql.SeqList, [Queue], cancellationToken)).ToDictionary(r => r.GetString("seq_name")!, StringComparer.Ordinal);
        var localSeqs = (await db.QueryAsync(Sql.SeqList, [Queue], cancellationToken)).Select(r => r.GetString("seq_name")!).ToHashSet(StringComparer.Ordinal);
        await db.BeginAsync(cancellationToken);
        foreach (var (name, row) in sourceSeqs)
        {
            if (ObjectNames.Filtered(name, settings.RegisterOnlySeqs, settings.RegisterSkipSeqs) || localSeqs.Contains(name))
            {
                continue;
            }
            AdminLog.SequenceInfoMissing(_session.Logger, name);
            await db.ExecCmdAsync(Sql.GlobalUpdateSeq, [Queue, name, row.GetLong("last_value") ?? 0], cancellationToken);
        }
        foreach (var name in localSeqs.Where(s => !sourceSeqs.ContainsKey(s)))
        {
            AdminLog.SequenceGone(_session.Logger, name);
            await db.ExecCmdAsync(Sql.GlobalRemoveSeq, [Queue, name], cancellationToken);
        }
        await db.CommitAsync(cancellationToken);
    }
}
