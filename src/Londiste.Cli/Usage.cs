namespace Londiste.Cli;

/// <summary>The --help text: the original's commands and options, marking those not available yet.</summary>
internal static class Usage
{
    public const string Text = """
        usage: londiste [options] CONFIG.ini COMMAND [ARGS]
               londiste --ini                 print a sample config with every key and its default
               londiste --install CONNSTR     install or upgrade pgq, pgq_node and londiste in one database
               londiste --sql                 print the install script (for review)

        Node initialization:
          create-root   NODE [PUBLIC_CONNSTR]
          create-branch NODE [PUBLIC_CONNSTR] --provider=PROVIDER_CONNSTR
          create-leaf   NODE [PUBLIC_CONNSTR] --provider=PROVIDER_CONNSTR

        Node administration:
          status                show the cascade (--compact: one line per node)
          members               show the members of the queue
          node-info             show the local node
          node-status           show the local node's state (lag, tick, tables)
          pause / resume        pause or resume the node's worker (--node, --consumer)
          wait-root             wait until the node has caught up with the root
          wait-provider         wait until the node has caught up with its provider
          drop-node NODE        remove a node from the cascade
          tag-dead NODE         mark a node dead in every live member's list

        Replication daemon:
          worker                replay events to this node (-d: in the background)

        Replication administration:
          add-table TBL ... | --all    attach tables (--create, --create-full, --expect-sync, --skip-truncate,
                                       --dest-table, --no-triggers, --trigger-flags, --trigger-arg, --handler,
                                       --handler-arg, --copy-node, --copy-condition, --max-parallel-copy,
                                       --skip-non-existing, --wait-sync, --force)
          remove-table TBL ...  detach tables
          add-seq SEQ ...       attach sequences (--create)
          remove-seq SEQ ...    detach sequences
          tables                show attached tables and their copy state (--names-only)
          seqs                  show sequences
          missing               show tables and sequences of the set not attached here
          resync TBL ...        copy tables again
          wait-sync             wait until all tables are in sync

        Not available yet: takeover, change-provider, rename-node, tag-alive, resurrect,
          change-handler, check, fkeys, compare, repair, execute, show-handlers.

        Options:
          -h, --help            show this help
          -V, --version         print the version
          -q, --quiet           log only warnings and errors on the console
          -v, --verbose         log debug lines (and stack traces); -vv more
          -d, --daemon          run the worker in the background (needs logfile and pidfile)
          -r, --reload          make the running worker re-read its config (SIGHUP)
          -s, --stop            stop the running worker (SIGINT)
          -k, --kill            kill the running worker (SIGTERM, SIGKILL after 10 s)
          --set=KEY=VALUE       override a config key
          --queue=NAME          override queue_name
          --dead=NODE           assume NODE is dead (status, drop-node)
          --nocheck             create-*: do not check that the public connect string reaches this database

        """;
}
