using Xunit.Abstractions;

namespace Londiste.Tests.Worker;

/// <summary>
/// The worker's local connection prepares the apply statements it runs repeatedly (ConsumerConnections). Prepared
/// statements outlive batches, so DDL on the subscriber between batches (a column's type changed, a column added
/// first on the subscriber and then on the root, as Londiste users add columns) must not break or bend the apply.
/// </summary>
public sealed class PreparedApplyTests(OriginalNodeFixture fixture, ITestOutputHelper output) : IClassFixture<OriginalNodeFixture>
{
    [Fact]
    public async Task Prepared_apply_statements_follow_ddl_on_the_subscriber_between_batches()
    {
        var (root, leaf) = await new Cascade(fixture).RootAndLeafWithWorkloadAsync(200);

        using var stop = new CancellationTokenSource();
        var ticker = Workload.RunTickerAsync(root, stop.Token);
        try
        {
            await using (Sync.Start(Sync.Options(leaf), Sync.Logging(output)))
            {
                await Sync.WaitCaughtUpAsync(root, leaf, TimeSpan.FromMinutes(3));
                // Several batches of the same statements: prepared from the second use on.
                for (var round = 0; round < 4; round++)
                {
                    await root.ExecuteAsync($"""
                        update public.accounts set balance = balance + 1 where id <= 50;
                        insert into public.notes select g, 'n' || g, null, true, null from generate_series(1000 + {round} * 10, 1009 + {round} * 10) g;
                        """);
                    await Sync.WaitCaughtUpAsync(root, leaf, TimeSpan.FromMinutes(1));
                }

                // The subscriber first: a wider type (the cast in the statement changes) and a new column.
                await leaf.ExecuteAsync("""
                    alter table public.accounts alter column balance type numeric(16,3);
                    alter table public.accounts add column memo text;
                    alter table public.notes alter column body type varchar(100);
                    """);
                await root.ExecuteAsync("""
                    update public.accounts set balance = balance + 0.5 where id <= 50;
                    insert into public.notes select g, 'after ' || g, null, false, null from generate_series(2000, 2009) g;
                    """);
                await Sync.WaitCaughtUpAsync(root, leaf, TimeSpan.FromMinutes(1));

                // Then the root: events now carry the new column.
                await root.ExecuteAsync("""
                    alter table public.accounts add column memo text;
                    update public.accounts set memo = 'memo ' || id, balance = balance + 1 where id <= 30;
                    delete from public.notes where id between 2000 and 2004;
                    """);
                await Sync.WaitCaughtUpAsync(root, leaf, TimeSpan.FromMinutes(1));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await ticker;
        }

        Assert.Equal(30L, await leaf.ScalarAsync<long>("select count(*) from public.accounts where memo = 'memo ' || id"));
        // The leaf's wider numeric prints three decimals: compare values, not text.
        Assert.Equal(
            await root.ScalarAsync<string>("select string_agg(id || ':' || balance::numeric(16,3) || ':' || coalesce(memo, '-'), ',' order by id) from public.accounts"),
            await leaf.ScalarAsync<string>("select string_agg(id || ':' || balance::numeric(16,3) || ':' || coalesce(memo, '-'), ',' order by id) from public.accounts"));
        Assert.Equal(await Workload.DumpAsync(root, "public.notes"), await Workload.DumpAsync(leaf, "public.notes"));
        Assert.Equal(await Workload.DumpAsync(root, "public.history"), await Workload.DumpAsync(leaf, "public.history"));
    }
}

public sealed class LocalConnectionStringTests
{
    [Fact]
    public void The_local_connection_prepares_repeated_statements_unless_the_connection_string_says_otherwise()
    {
        var prepared = new Npgsql.NpgsqlConnectionStringBuilder(
            Londiste.Worker.ConsumerConnections.WithAutoPrepare("Host=127.0.0.1;Port=5432;Database=db"));
        Assert.Equal(64, prepared.MaxAutoPrepare);
        Assert.Equal(2, prepared.AutoPrepareMinUsages);

        var off = new Npgsql.NpgsqlConnectionStringBuilder(
            Londiste.Worker.ConsumerConnections.WithAutoPrepare("Host=127.0.0.1;Port=5432;Database=db;Max Auto Prepare=0"));
        Assert.Equal(0, off.MaxAutoPrepare);
    }
}
