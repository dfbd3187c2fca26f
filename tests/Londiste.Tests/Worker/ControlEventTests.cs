using Londiste.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit.Abstractions;

namespace Londiste.Tests.Worker;

/// <summary>londiste.* and EXECUTE events from the root, handled by the leaf's worker at their place in the stream.</summary>
public sealed class ControlEventTests(OriginalNodeFixture fixture, ITestOutputHelper output) : IClassFixture<OriginalNodeFixture>
{
    [Fact]
    public async Task A_table_added_on_the_root_later_and_an_execute_script_reach_the_leaf()
    {
        var cascade = new Cascade(fixture);
        var root = await cascade.NewNodeAsync("root");
        var leaf = await cascade.NewNodeAsync("leaf");
        await root.ExecuteAsync(Workload.Schema);
        await leaf.ExecuteAsync(Workload.Schema);
        await Workload.PreloadAsync(root, 500);
        await cascade.CreateRootAsync(root);
        await Cascade.AddTableAsync(root, "public.accounts");
        await cascade.CreateSubscriberAsync(leaf, "leaf", root);
        await Cascade.AddTableAsync(leaf, "public.accounts");
        using var stop = new CancellationTokenSource();
        var ticker = Workload.RunTickerAsync(root, stop.Token);
        try
        {
            await using (Sync.Start(Sync.Options(leaf), Sync.Logging(output)))
            {
                // The leaf learns of public.notes only through the londiste.add-table event.
                await Cascade.AddTableAsync(root, "public.notes");
                await WaitForAsync(async () => await leaf.ScalarAsync<long>(
                    "select count(*) from londiste.get_table_list($1) where table_name = 'public.notes'", Cascade.Queue) == 1);
                await Cascade.AddTableAsync(leaf, "public.notes");
                // DDL racing a copy of the same table is unsafe in the original too: let the copy finish first.
                await WaitForAsync(async () => (await Cascade.TableStatesAsync(leaf)).Values.All(state => state == "ok"));

                // londiste execute on the root: run there, then queued as an EXECUTE event.
                const string script = "alter table public.notes add column extra int; update public.notes set extra = 7 where id < 10;";
                await using (var connection = await root.OpenAsync())
                await using (var tx = await connection.BeginTransactionAsync())
                {
                    foreach (var sql in new[]
                    {
                        "select londiste.set_session_replication_role('local', true)",
                        $"select * from londiste.execute_start('{Cascade.Queue}', 'add_extra.sql', $${script}$$, true, null)",
                        script,
                        $"select * from londiste.execute_finish('{Cascade.Queue}', 'add_extra.sql')",
                    })
                    {
                        await using var command = new NpgsqlCommand(sql, connection, tx);
                        await command.ExecuteNonQueryAsync();
                    }
                    await tx.CommitAsync();
                }
                await root.ExecuteAsync("update public.notes set extra = 8, body = 'after' where id between 10 and 20");
                // Attributes: a script for a table that is not local on the leaf is skipped there; @name@ is replaced.
                await ExecuteOnRootAsync(root, "only_history.sql", "create table public.only_where_history_is_local (id int)",
                    "create table public.only_where_history_is_local (id int)", "local-table=public.history");
                await ExecuteOnRootAsync(root, "notes_placeholder.sql", "update @notes@ set extra = 9 where id = 1",
                    "update public.notes set extra = 9 where id = 1", "local-table=notes");
                await Sync.WaitCaughtUpAsync(root, leaf, TimeSpan.FromMinutes(3));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await ticker;
        }
        foreach (var table in new[] { "public.accounts", "public.notes" })
        {
            Assert.Equal(await Workload.DumpAsync(root, table), await Workload.DumpAsync(leaf, table));
        }
        Assert.Equal(8L, await leaf.ScalarAsync<long>("select count(*) from public.notes where extra = 7"));
        Assert.Equal(1L, await leaf.ScalarAsync<long>("select count(*) from public.notes where extra = 9"));
        Assert.Null(await leaf.ScalarAsync<object>("select to_regclass('public.only_where_history_is_local')::text") as string);
        Assert.Equal(1L, await leaf.ScalarAsync<long>("select count(*) from londiste.applied_execute where execute_file = 'add_extra.sql'"));
    }

    [Fact]
    public void Reload_changes_parallel_copies_but_not_the_consumer()
    {
        var options = new WorkerOptions { NodeConnectionString = "dbname=x", QueueName = "q", ConsumerName = "c" };
        var worker = new ReplicationWorker(options, NullLoggerFactory.Instance);
        worker.Reload(options with { ParallelCopies = 16 });
        Assert.Equal(16, worker.Options.ParallelCopies);
        Assert.Throws<ArgumentException>(() => worker.Reload(options with { ConsumerName = "other" }));
        Assert.Throws<ArgumentException>(() => worker.Reload(options with { ParallelCopies = 0 }));
        Assert.Equal(16, worker.Options.ParallelCopies);
    }

    /// <summary>What <c>londiste execute</c> does on the root: run the script locally and queue it with its attributes.</summary>
    private static async Task ExecuteOnRootAsync(TestNode root, string file, string queuedSql, string localSql, string attrs)
    {
        await using var connection = await root.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        foreach (var (sql, args) in new (string, object[])[]
        {
            ("select londiste.set_session_replication_role('local', true)", []),
            ("select * from londiste.execute_start($1, $2, $3, true, $4)", [Cascade.Queue, file, queuedSql, attrs]),
            (localSql, []),
            ("select * from londiste.execute_finish($1, $2)", [Cascade.Queue, file]),
        })
        {
            await using var command = new NpgsqlCommand(sql, connection, tx);
            foreach (var arg in args)
            {
                command.Parameters.AddWithValue(arg);
            }
            await command.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("condition not reached");
            }
            await Task.Delay(100);
        }
    }
}
