using Xunit.Abstractions;

namespace Londiste.Tests.Apply;

/// <summary>One 100 MB text value through capture, queue, decode and apply.</summary>
public sealed class LargeValueTests(NodeFixture fixture, ITestOutputHelper output) : IClassFixture<NodeFixture>
{
    private const string Table = "\"big\".\"t\"";

    [Theory]
    [InlineData("logutriga")]
    [InlineData("jsontriga")]
    [InlineData("sqltriga")]
    public async Task A_100_MB_text_value_survives_the_round_trip(string format)
    {
        await using var pair = await ReplicaPair.CreateAsync(fixture, format, output);
        if (pair is null)
        {
            return;
        }

        await pair.CreateTableAsync("create schema \"big\"; create table \"big\".\"t\" (\"id\" int primary key, \"v\" text, \"w\" text)", Table);
        // 100 MB (bytes, UTF-8) of text with characters every format must escape: & = % + space, newline, quotes, ü.
        const string piece = "abc&=%+ \n'\"ü";
        var repeats = 100 * 1024 * 1024 / System.Text.Encoding.UTF8.GetByteCount(piece);
        await pair.Source.ExecAsync($"insert into {Table} values (1, repeat($1, $2), 'small')", piece, repeats);
        await pair.SyncAsync();
        await pair.Source.ExecAsync($"update {Table} set \"w\" = 'changed'");
        await pair.SyncAsync();

        var sql = $"select md5(t::text) || ' ' || octet_length(\"v\") from {Table} t";
        var source = await pair.Source.ScalarAsync<string>(sql);
        output.WriteLine(source);
        Assert.EndsWith(" " + (repeats * System.Text.Encoding.UTF8.GetByteCount(piece)), source, StringComparison.Ordinal);
        Assert.Equal(source, await pair.Target.ScalarAsync<string>(sql));
    }
}
