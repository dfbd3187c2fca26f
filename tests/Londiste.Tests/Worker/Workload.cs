using Npgsql;

namespace Londiste.Tests.Worker;

/// <summary>
/// The replicated tables of the worker tests and the writers that change them on the root: inserts, updates and
/// deletes from several concurrent connections (no primary-key updates: the original trigger refuses them),
/// some transactions rolled back, one append-only table whose serial key turns a repeated batch into a failure.
/// </summary>
public static class Workload
{
    public static readonly string[] Tables = ["public.accounts", "public.notes", "public.history", "public.refs"];

    public const string Schema = """
        create table public.accounts (id int primary key, owner text not null, balance numeric(12,2) not null, updated timestamptz not null default now());
        create index accounts_owner on public.accounts (owner);
        create table public.notes (id int primary key, body text, tags text[], flag boolean, blob bytea);
        create index notes_flag on public.notes (flag) where flag;
        create table public.history (id bigserial primary key, account int not null, delta numeric(12,2) not null, at timestamptz not null default now());
        create table public.refs (id int primary key, account int not null references public.accounts (id), note text);
        """;

    /// <summary>Rows present before replication starts (copied by the initial copy).</summary>
    public static async Task PreloadAsync(TestNode root, int rows)
    {
        await root.ExecuteAsync($"""
            insert into public.accounts select g, 'owner ' || (g % 97), g * 1.5 from generate_series(1, {rows}) g;
            insert into public.notes select g, case when g % 5 = 0 then null else 'note ' || g || E' \\ tab\t&=%' end, array['a', 'b,' || g], g % 3 = 0, decode(md5(g::text), 'hex') from generate_series(1, {rows}) g;
            insert into public.history (account, delta) select g, g from generate_series(1, {rows}) g;
            insert into public.refs select g, g, 'ref ' || g from generate_series(1, {rows} / 2) g;
            """);
    }

    /// <summary>Runs <paramref name="writers"/> writer connections until <paramref name="stop"/> is cancelled.</summary>
    public static Task RunWritersAsync(TestNode root, int writers, int keyRange, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => WriterAsync(root, w, keyRange, stop))));

    private static async Task WriterAsync(TestNode root, int seed, int keyRange, CancellationToken stop)
    {
        var random = new Random(seed * 7919 + 1);
        await using var connection = await root.OpenAsync();
        while (!stop.IsCancellationRequested)
        {
            await using var tx = await connection.BeginTransactionAsync();
            var statements = random.Next(1, 6);
            for (var i = 0; i < statements; i++)
            {
                // Accounts 1..keyRange/2 are never deleted: refs point at them.
                var id = random.Next(1, keyRange);
                var sql = random.Next(10) switch
                {
                    0 => $"insert into public.accounts values ({keyRange + random.Next(1, keyRange)}, 'new', 1) on conflict do nothing",
                    1 => $"delete from public.accounts where id = {keyRange + random.Next(1, keyRange)} and not exists (select 1 from public.refs where account = id)",
                    2 => $"update public.accounts set balance = balance + 1, owner = 'o' || {random.Next(100)}, updated = now() where id = {id}",
                    3 => $"insert into public.notes values ({keyRange + random.Next(1, keyRange)}, 'n ' || {random.Next()}, null, true, null) on conflict (id) do update set body = excluded.body",
                    4 => $"delete from public.notes where id = {random.Next(1, keyRange * 2)}",
                    5 => $"update public.notes set body = null, tags = array['x', null], flag = not coalesce(flag, false) where id = {id}",
                    6 => $"insert into public.history (account, delta) values ({id}, {random.Next(-100, 100)}.25)",
                    7 => $"insert into public.refs values ({keyRange + random.Next(1, keyRange)}, {random.Next(1, keyRange / 2)}, 'r') on conflict do nothing",
                    8 => $"update public.refs set note = 'changed ' || {random.Next()} where id = {random.Next(1, keyRange / 2)}",
                    _ => $"delete from public.refs where id = {keyRange + random.Next(1, keyRange)}",
                };
                await using var command = new NpgsqlCommand(sql, connection, tx);
                await command.ExecuteNonQueryAsync();
            }
            if (random.Next(10) == 0)
            {
                await tx.RollbackAsync();
            }
            else
            {
                await tx.CommitAsync();
            }
        }
    }

    /// <summary>Ticks the root's queue as pgqd would (pgq.ticker() decides when a tick is due), until cancelled.</summary>
    public static async Task RunTickerAsync(TestNode root, CancellationToken stop)
    {
        await using var connection = await root.OpenAsync();
        await using (var settings = new NpgsqlCommand(
            $"update pgq.queue set queue_ticker_max_lag = '100 ms', queue_ticker_idle_period = '1 s' where queue_name = '{Cascade.Queue}'", connection))
        {
            await settings.ExecuteNonQueryAsync();
        }
        while (!stop.IsCancellationRequested)
        {
            await using (var tick = new NpgsqlCommand("select pgq.ticker()", connection))
            {
                await tick.ExecuteNonQueryAsync();
            }
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>The whole table as ordered text, for equality across nodes.</summary>
    public static async Task<string> DumpAsync(TestNode node, string table)
    {
        return await node.ScalarAsync<string>($"select coalesce(string_agg(t::text, E'\\n' order by t.id), '') from {table} t");
    }

    /// <summary>Rows of <paramref name="table"/> on one node that the other lacks, both ways (EXCEPT), via dblink-free text compare.</summary>
    public static async Task AssertEqualAsync(TestNode expected, TestNode actual)
    {
        foreach (var table in Tables)
        {
            var want = await DumpAsync(expected, table);
            var got = await DumpAsync(actual, table);
            Assert.True(want == got, $"{table} differs between {expected.Name} and {actual.Name}: {Difference(want, got)}");
        }
    }

    private static string Difference(string want, string got)
    {
        var a = want.Split('\n').ToHashSet();
        var b = got.Split('\n').ToHashSet();
        return $"missing {string.Join(" | ", a.Except(b).Take(5))}; extra {string.Join(" | ", b.Except(a).Take(5))}";
    }
}
