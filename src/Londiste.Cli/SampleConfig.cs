namespace Londiste.Cli;

/// <summary>The commented sample configuration printed by <c>londiste --ini</c>: every key with its default.</summary>
internal static class SampleConfig
{
    public const string Text = """
        [londiste]
        ## Londiste 3.0 configs use [londiste3]; both section names are accepted.

        # Name of this job: used as the worker (consumer) name and in the log and pid file names.
        # Default: the config file name without extension.
        #job_name = londiste_dst1

        # Connection string (libpq) of the database of this node.
        db = dbname=somedb host=127.0.0.1

        # Queue (replication set) this node belongs to.
        queue_name = replika

        # Extra connect string parameters added to the public connect strings of other nodes,
        # e.g. user= sslmode=
        #remote_extra_connstr =

        # How many tables are copied in parallel during the initial copy.
        #parallel_copies = 1

        # Glob patterns for table names (archive.*, public.*) copied by a pool of threads, and its size.
        #threaded_copy_tables =
        #threaded_copy_pool_size = 1

        # Apply only events of tables attached on this node.
        #local_only = false
        # With local_only: do not load EXECUTE events of the source queue.
        #local_only_drop_execute = false

        ## compare / repair
        # Longest time (seconds) a table may stay locked; also the statement timeout of add-table.
        #lock_timeout = 10
        # Query counting and checksumming one table; _TABLE_ is replaced by the table name.
        #compare_sql = select count(1) as cnt, sum(hashtext(t.*::text)) as chksum from only _TABLE_ t
        # How its result is printed.
        #compare_fmt = %(cnt)d rows, checksum=%(chksum)s

        ## Node creation (create-root / create-branch / create-leaf)
        # Used only at creation; the command line overrides them.
        # Name of the local node.
        #node_name =
        # Public connect string of this node, which the other nodes use to reach it.
        #public_node_location =
        # Connect string of an existing node to use as provider.
        #initial_provider_location =

        # Filters for registering the provider's tables and sequences on this node.
        #register_only_tables =
        #register_only_seqs =
        #register_skip_tables = s.a, s.b
        #register_skip_seqs =

        ## Cascaded worker
        # How often the root publishes the global watermark downstream, in seconds.
        #global_wm_publish_period = 300
        # How often nodes report their watermark upstream, in seconds.
        #local_wm_publish_period = 300

        ## Queue consumer
        # Override the consumer (worker) name.
        #consumer_name = %(job_name)s
        # Apply events of these tables only.
        #table_filter = table1, table2
        # Events fetched per round trip from a batch cursor (0: the whole batch at once).
        #pgq_lazy_fetch = 300
        # Read the source in autocommit mode (not with pgq_lazy_fetch).
        #pgq_autocommit = 0
        # Wait for this many events before taking a batch (0: do not wait).
        #pgq_batch_collect_events = 0
        # Wait this long (PostgreSQL interval) before taking a batch.
        #pgq_batch_collect_interval =
        # Stay this far (PostgreSQL interval) behind the queue top.
        #pgq_keep_lag =
        # Seconds between keepalive statistics of an idle worker.
        #keepalive_stats = 300

        ## Script
        # Lifetime of database connections, in seconds.
        #connection_lifetime = 1200
        # Seconds to sleep between work loops when there is nothing to do.
        loop_delay = 1.0
        # Seconds to sleep after an error before retrying.
        #exception_sleep = 20
        # Where to log (rotated at log_size bytes, log_count old files kept) and where the pidfile goes.
        logfile = ~/log/%(job_name)s.log
        pidfile = ~/pid/%(job_name)s.pid
        #log_size = 10485760
        #log_count = 3

        """;
}
