namespace Londiste.Cli;

/// <summary>The commented sample configuration printed by <c>londiste --ini</c>: every key with its default.</summary>
internal static class SampleConfig
{
    public const string Text = """
        [londiste]
        # Name of this job: used for the consumer name, log and pid file names.
        job_name = londiste_dst1

        # Connection string of the database this node writes to (libpq key=value form).
        db = host=127.0.0.1 port=5432 dbname=dst1 user=replicator

        # Queue (replication set) this node belongs to.
        queue_name = replika

        # Files; %(job_name)s expands to the value above.
        logfile = log/%(job_name)s.log
        pidfile = pid/%(job_name)s.pid

        # Tables copied at the same time during initial copy.
        #parallel_copies = 1

        # Seconds to sleep when there is no work, and after an error before retrying.
        #loop_delay = 1.0
        #exception_sleep = 20

        # Events fetched per round trip from a batch cursor (0 reads the batch at once).
        #pgq_lazy_fetch = 300

        # Apply only events of tables registered on this node.
        #local_only = false

        ## compare / repair
        # Longest time (seconds) a source table may stay locked while waiting for the subscriber.
        #lock_timeout = 10
        # Query that counts and checksums one table; _TABLE_ is replaced by the quoted table name.
        #compare_sql = select count(1) as cnt, sum(hashtext(t.*::text)) as chksum from only _TABLE_ t
        # How the result is printed.
        #compare_fmt = %(cnt)d rows, checksum=%(chksum)s

        ## node creation (create-root / create-branch / create-leaf)
        #node_name =
        #public_node_location =
        #initial_provider_location =
        """;
}
