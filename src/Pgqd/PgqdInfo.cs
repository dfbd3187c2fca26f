namespace Pgqd;

/// <summary>The texts pgqd prints: version, usage and the sample config (every key with its default).</summary>
internal static class PgqdInfo
{
    /// <summary>The PgQ API version this pgqd speaks (the original's 3.5).</summary>
    public const string Version = "3.5";

    public static string VersionLine =>
        $"pgqd version {Version} (Londiste for .NET {typeof(PgqdInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"})";

    public const string Usage =
        """
        usage: pgqd [switches] config.ini
               pgqd --install CONNSTR | --sql | --ini | -V | -h
        Switches:
          -v        Increase verbosity (-vv: trace)
          -q        Only warnings and errors on the console
          -d        Daemonize (needs pidfile)
          -h        Show help
          -V        Show version
         --ini      Show sample config file
          -s        Stop - send SIGINT to running process
          -k        Kill - send SIGTERM (SIGKILL after 10 s) to running process
          -r        Reload - send SIGHUP to running process
         --set K=V  Override a config key (repeatable)
        Commands:
         --install CONNSTR  Install or upgrade the pgq schema in one database, then exit
         --sql              Print the pgq install script, then exit
        """;

    public const string SampleIni =
        """
        [pgqd]

        # where to log (empty: stderr only); rotated at log_size bytes, log_count old files kept
        logfile = ~/log/pgqd.log

        # pidfile: needed for -d, -r, -s, -k; a live process in it stops a second pgqd
        pidfile = ~/pid/pgqd.pid

        ## optional parameters ##

        # libpq connect string without dbname= (host, port, user, password, sslmode, ...)
        #base_connstr =

        # startup db to query other databases
        #initial_database = template1

        # limit ticker to specific databases (comma or space separated);
        # empty: every database of the cluster, those with schema pgq are served
        #database_list =

        # log file rotation
        #log_size = 10485760
        #log_count = 3

        # syslog settings are accepted for compatibility and ignored
        # (pgqd logs to stderr and logfile)
        #syslog = 1
        #syslog_ident = pgqd
        #syslog_facility = daemon

        ## optional timeouts (seconds; fractions allowed) ##

        # how often to check for new databases
        #check_period = 60

        # how often to flush retry queue
        #retry_period = 30

        # how often to do maintenance
        #maint_period = 120

        # how often to run ticker (pgq.ticker() for every queue, idle ticks included)
        #ticker_period = 1

        # how often to look (one cheap read-only query) whether a queue with new
        # events is due for a tick (its ticker_max_lag or ticker_max_count reached);
        # a due queue is ticked at once instead of at the next ticker_period
        #ticker_poll_period = 0.02

        # how often to log stats: {ticks: N, maint: N, retry: N}
        #stats_period = 30

        # reconnect after this long
        #connection_lifetime = 3600

        """;
}
