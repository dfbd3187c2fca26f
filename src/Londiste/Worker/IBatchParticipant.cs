using Npgsql;
using PgQ;

namespace Londiste.Worker;

/// <summary>What to do before a batch is applied.</summary>
internal enum SyncDecision
{
    /// <summary>Apply the batch.</summary>
    Proceed,

    /// <summary>Stop this consumer without applying the batch (a copy task handed its table over).</summary>
    Exit,
}

/// <summary>The per-batch logic of a cascaded consumer (the main worker or a copy task), driven by <see cref="BatchRunner"/>.</summary>
internal interface IBatchParticipant
{
    /// <summary>The consumer's name on the provider and in <c>pgq_node.local_state</c>.</summary>
    string ConsumerName { get; }

    /// <summary>
    /// True when the next batch may span several ticks (see <see cref="ProviderQueue.NextBatchAsync"/>); false when it
    /// must end at the very next tick (a copy task catching up to the main worker's tick, a table hand-over).
    /// </summary>
    bool MayMergeTicks { get; }

    /// <summary>Data events of the last batch that no wanted table took (for the batch statistics line).</summary>
    long IgnoredEvents { get; }

    /// <summary>Table-state work before the batch; may wait for a hand-over. Runs outside the batch transaction.</summary>
    Task<SyncDecision> SyncAsync(NpgsqlConnection local, NpgsqlConnection provider, ProviderBatch batch, CancellationToken cancellationToken);

    /// <summary>Handles one event inside the local batch transaction.</summary>
    ValueTask ProcessEventAsync(NpgsqlConnection local, PgQEvent ev, CancellationToken cancellationToken);

    /// <summary>
    /// The batch failed half way (its transaction is rolled back next): drop what was buffered for it and wait for
    /// anything still running on the local connection. Must not throw.
    /// </summary>
    ValueTask AbandonAsync();

    /// <summary>Last writes of the batch transaction, before the completed tick is recorded.</summary>
    Task BeforeCommitAsync(NpgsqlConnection local, ProviderBatch batch, CancellationToken cancellationToken);

    /// <summary>After the local commit, before the batch is finished on the provider (branch: create the local tick).</summary>
    Task AfterCommitAsync(NpgsqlConnection local, ProviderBatch batch, CancellationToken cancellationToken);

    /// <summary>The batch was applied before a crash: repair what happens after the commit (branch: missing local tick).</summary>
    Task AlreadyAppliedAsync(NpgsqlConnection local, ProviderBatch batch, CancellationToken cancellationToken);
}
