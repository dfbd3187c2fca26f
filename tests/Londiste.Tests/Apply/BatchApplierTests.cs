using Londiste.Apply;
using PgQ.Events;
using Xunit.Abstractions;

namespace Londiste.Tests.Apply;

/// <summary>BatchApplier's semantics beyond value round trips: errors, table mapping, ordering, missing rows.</summary>
public sealed class BatchApplierTests(NodeFixture fixture, ITestOutputHelper output) : IClassFixture<NodeFixture>
{
    private const string Table = "\"rt\".\"t\"";

    [Fact]
    public async Task A_column_missing_on_the_target_fails_naming_table_column_and_event()
    {
        await using var pair = (await ReplicaPair.CreateAsync(fixture, "logutriga", output))!;
        await pair.Source.ExecAsync("create schema \"rt\"; create table \"rt\".\"t\" (\"id\" int primary key, \"v\" text, \"Extra Col\" int)");
        await pair.Target.ExecAsync("create schema \"rt\"; create table \"rt\".\"t\" (\"id\" int primary key, \"v\" text)");
        await pair.Source.ExecAsync($"create trigger \"capture\" after insert or update or delete on {Table} for each row execute procedure pgq.logutriga('q')");
        await pair.Source.ExecAsync($"insert into {Table} values (1, 'a', 2)");
        var changes = await QueueReader.NextBatchAsync(pair.Source);

        await using var transaction = await pair.Target.BeginTransactionAsync();
        var error = await Assert.ThrowsAsync<ApplyException>(() => pair.Applier.ApplyAsync(changes, pair.Target, CancellationToken.None));
        output.WriteLine(error.Message);
        Assert.Equal("Extra Col", error.Column);
        Assert.Equal(new TableName("rt", "t"), error.Table);
        Assert.Equal(changes[0].EventId, error.FirstEventId);
        Assert.Contains("\"Extra Col\"", error.Message, StringComparison.Ordinal);
        Assert.Contains($"event {changes[0].EventId}", error.Message, StringComparison.Ordinal);
        Assert.Contains("rt.t", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_missing_on_the_target_fails_naming_the_table_and_event()
    {
        await using var pair = (await ReplicaPair.CreateAsync(fixture, "logutriga", output))!;
        await pair.Source.ExecAsync("create schema \"rt\"; create table \"rt\".\"t\" (\"id\" int primary key, \"v\" text)");
        await pair.Source.ExecAsync($"create trigger \"capture\" after insert or update or delete on {Table} for each row execute procedure pgq.logutriga('q')");
        await pair.Source.ExecAsync($"insert into {Table} values (1, 'a')");
        var changes = await QueueReader.NextBatchAsync(pair.Source);

        await using var transaction = await pair.Target.BeginTransactionAsync();
        var error = await Assert.ThrowsAsync<ApplyException>(() => pair.Applier.ApplyAsync(changes, pair.Target, CancellationToken.None));
        output.WriteLine(error.Message);
        Assert.Null(error.Column);
        Assert.Equal(new TableName("rt", "t"), error.Table);
        Assert.Contains($"event {changes[0].EventId}", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_go_to_the_mapped_destination_table()
    {
        await using var pair = (await ReplicaPair.CreateAsync(fixture, "logutriga", output))!;
        await pair.Source.ExecAsync("create schema \"rt\"; create table \"rt\".\"t\" (\"id\" int primary key, \"v\" text)");
        await pair.Target.ExecAsync("create schema \"Other\"; create table \"Other\".\"Copy of t\" (\"id\" int primary key, \"v\" text)");
        await pair.Source.ExecAsync($"create trigger \"capture\" after insert or update or delete on {Table} for each row execute procedure pgq.logutriga('q')");
        pair.Applier.MapTable("rt.t", new TableName("Other", "Copy of t"));
        await pair.Source.ExecAsync($"insert into {Table} select g, 'v' || g from generate_series(1, 20) g");
        await pair.Source.ExecAsync($"update {Table} set \"v\" = 'changed' where \"id\" % 3 = 0");
        await pair.Source.ExecAsync($"delete from {Table} where \"id\" % 5 = 0");
        await pair.SyncAsync();

        var sql = "select string_agg(t::text, ';' order by \"id\") from TABLE t";
        Assert.Equal(
            await pair.Source.ScalarAsync<string>(sql.Replace("TABLE", Table, StringComparison.Ordinal)),
            await pair.Target.ScalarAsync<string>(sql.Replace("TABLE", "\"Other\".\"Copy of t\"", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Interleaved_changes_of_several_tables_keep_each_tables_order(bool groupAcrossTables)
    {
        await using var pair = (await ReplicaPair.CreateAsync(fixture, "logutriga", output))!;
        var ddl = "create schema \"rt\"; create table \"rt\".\"a\" (\"id\" int primary key, \"v\" text); "
            + "create table \"rt\".\"b\" (\"id\" int primary key, \"n\" int not null);";
        await pair.CreateTableAsync(ddl, "\"rt\".\"a\"");
        await pair.Source.ExecAsync("create trigger \"capture\" after insert or update or delete on \"rt\".\"b\" for each row execute procedure pgq.logutriga('q')");
        await pair.Source.ExecAsync("create trigger \"capture_truncate\" after truncate on \"rt\".\"b\" for each statement execute procedure pgq.logutriga('q')");
        var applier = new BatchApplier(new BatchApplierOptions { GroupAcrossTables = groupAcrossTables, MaxGroupRows = 7 });
        // The seed's shape: each source transaction touches several tables; the same keys come back again and again.
        await pair.Source.ExecAsync("""
            do $$
            begin
                for i in 1 .. 300 loop
                    insert into "rt"."a" values (i, 'new ' || i);
                    insert into "rt"."b" values (i % 17, i) on conflict ("id") do update set "n" = excluded."n";
                    update "rt"."a" set "v" = 'seen ' || i where "id" = (i * 7) % 300 + 1;
                    if i % 11 = 0 then
                        delete from "rt"."a" where "id" = i - 5;
                        delete from "rt"."b" where "id" = i % 13;
                    end if;
                    if i % 97 = 0 then
                        truncate "rt"."b";
                    end if;
                    if i % 37 = 0 then
                        update "rt"."a" set "id" = "id" + 1000 where "id" = i - 1;
                        update "rt"."a" set "id" = i - 1 where "id" = i + 999;
                    end if;
                end loop;
            end
            $$
            """);
        var changes = await QueueReader.NextBatchAsync(pair.Source);
        await using (var transaction = await pair.Target.BeginTransactionAsync())
        {
            await applier.ApplyAsync(changes, pair.Target, CancellationToken.None);
            await transaction.CommitAsync();
        }

        output.WriteLine($"{changes.Count} events; {applier.Statistics}");
        Assert.Equal(changes.Count, applier.Statistics.Total);
        Assert.Equal(0, applier.Statistics.UpdatesWithoutRow);
        if (groupAcrossTables)
        {
            // Table a alternates insert and update, so only b's runs (and a's across b's) merge here.
            Assert.True(applier.Statistics.Statements < changes.Count * 3 / 4, "changes were grouped into set-based statements");
        }

        await pair.AssertEqualAsync("\"rt\".\"a\"");
        await pair.AssertEqualAsync("\"rt\".\"b\"");
    }

    [Fact]
    public async Task An_update_or_delete_that_finds_no_row_is_ignored_and_counted_as_the_original_does()
    {
        await using var pair = (await ReplicaPair.CreateAsync(fixture, "logutriga", output))!;
        await pair.CreateTableAsync("create schema \"rt\"; create table \"rt\".\"t\" (\"id\" int primary key, \"v\" text)", Table);
        await pair.Source.ExecAsync($"insert into {Table} values (1, 'a'), (2, 'b')");
        await pair.SyncAsync();
        await pair.Target.ExecAsync($"delete from {Table}");
        await pair.Source.ExecAsync($"update {Table} set \"v\" = 'x' where \"id\" = 1");
        await pair.Source.ExecAsync($"delete from {Table} where \"id\" = 2");
        var changes = await QueueReader.NextBatchAsync(pair.Source);

        await using (var transaction = await pair.Target.BeginTransactionAsync())
        {
            await pair.Applier.ApplyAsync(changes, pair.Target, CancellationToken.None);
            await transaction.CommitAsync();
        }

        Assert.Equal(1, pair.Applier.Statistics.UpdatesWithoutRow);
        Assert.Equal(1, pair.Applier.Statistics.DeletesWithoutRow);
        Assert.Equal(0L, await pair.Target.ScalarAsync<long>($"select count(*) from {Table}"));
    }

    [Fact]
    public async Task An_insert_of_a_key_the_target_already_has_fails_with_the_event_ids()
    {
        await using var pair = (await ReplicaPair.CreateAsync(fixture, "logutriga", output))!;
        await pair.CreateTableAsync("create schema \"rt\"; create table \"rt\".\"t\" (\"id\" int primary key, \"v\" text)", Table);
        await pair.Target.ExecAsync($"insert into {Table} values (2, 'already there')");
        await pair.Source.ExecAsync($"insert into {Table} values (1, 'a'), (2, 'b')");
        var changes = await QueueReader.NextBatchAsync(pair.Source);

        await using var transaction = await pair.Target.BeginTransactionAsync();
        var error = await Assert.ThrowsAsync<ApplyException>(() => pair.Applier.ApplyAsync(changes, pair.Target, CancellationToken.None));
        output.WriteLine(error.Message);
        Assert.Equal(changes[0].EventId, error.FirstEventId);
        Assert.Equal(changes[1].EventId, error.LastEventId);
        Assert.Contains("23505", error.Message, StringComparison.Ordinal);
        Assert.Equal(RowOperation.Insert, changes[1].Operation);
    }
}
