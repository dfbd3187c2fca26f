using Londiste.Worker;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Londiste.Copy;

/// <summary>
/// The copy tasks of one worker: at most one per table, started by the main worker for tables in a copy state
/// (newly set <c>in-copy</c>, or left in a copy state by a previous run) and ended by the hand-over. How many tables
/// are in copy states at once is limited by the main worker (<c>parallel_copies</c>), as in the original.
/// </summary>
internal sealed class CopyTaskManager : IAsyncDisposable
{
    private readonly Func<WorkerOptions> _options;
    private readonly StateSignal _signal;
    private readonly Func<IRowChangeApplier> _applierFactory;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Task> _tasks = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly FaultPoints? _faults;

    public CopyTaskManager(Func<WorkerOptions> options, StateSignal signal, Func<IRowChangeApplier> applierFactory, FaultPoints? faults, ILogger logger)
    {
        _faults = faults;
        _options = options;
        _signal = signal;
        _applierFactory = applierFactory;
        _logger = logger;
    }

    /// <summary>Starts a copy task for each table that has none running.</summary>
    public void EnsureRunning(IEnumerable<string> tables)
    {
        lock (_tasks)
        {
            foreach (var table in tables)
            {
                if (_tasks.TryGetValue(table, out var running) && !running.IsCompleted)
                {
                    continue;
                }
                var task = new TableCopyTask(table, _options, _signal, _applierFactory(), _faults, _logger);
                _tasks[table] = Task.Run(() => RunQuietlyAsync(task, _stop.Token));
            }
        }
    }

    /// <summary>
    /// Unregisters copy consumers left behind by a run that died after the hand-over (table no longer in a copy
    /// state), so they do not hold back the provider's event rotation.
    /// </summary>
    public async Task CleanUpStaleConsumersAsync(NpgsqlConnection local, NpgsqlConnection provider, CancellationToken cancellationToken)
    {
        var options = _options();
        var prefix = TableCopyTask.CopyConsumerName(options.ConsumerName, "");
        var copying = (await LocalNode.GetLocalTablesAsync(local, options.QueueName, cancellationToken))
            .Where(t => t.IsCopying).Select(t => TableCopyTask.CopyConsumerName(options.ConsumerName, t.Name)).ToHashSet(StringComparer.Ordinal);
        var stale = new List<string>();
        await using (var command = LocalNode.Command(local, "select consumer_name from pgq_node.get_consumer_info($1)", options.QueueName))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                if (name.StartsWith(prefix, StringComparison.Ordinal) && !copying.Contains(name))
                {
                    stale.Add(name);
                }
            }
        }
        foreach (var name in stale)
        {
            try
            {
                await ProviderQueue.UnregisterConsumerAsync(provider, options.QueueName, name, cancellationToken);
            }
            catch (PostgresException)
            {
                // Already gone on the provider.
            }
            await LocalNode.UnregisterConsumerAsync(local, options.QueueName, name, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task[] tasks;
        lock (_tasks)
        {
            tasks = [.. _tasks.Values];
        }
        await Task.WhenAll(tasks);
        _stop.Dispose();
    }

    /// <summary>Stops the copy tasks together with the worker that owns them.</summary>
    public CancellationTokenRegistration LinkTo(CancellationToken workerToken) => workerToken.Register(() => _stop.Cancel());

    private static async Task RunQuietlyAsync(TableCopyTask task, CancellationToken cancellationToken)
    {
        try
        {
            await task.RunAsync(cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped with the worker (a COPY cut short fails with a server error rather than a cancellation); the
            // copy's transaction rolled back, the table keeps its state and the next run resumes it.
        }
    }
}
