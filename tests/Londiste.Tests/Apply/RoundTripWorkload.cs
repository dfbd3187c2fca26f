using Npgsql;

namespace Londiste.Tests.Apply;

/// <summary>
/// Writes a <see cref="TypeCase"/>'s values on the source table: first its edge values and random ones, then a mix
/// of updates (the same row twice, key changes, a key swap, every key shifted by one statement), deletes and
/// re-inserts of deleted keys, then a truncate and new rows. Keeps the live keys so every statement hits a row.
/// </summary>
internal sealed class RoundTripWorkload(NpgsqlConnection source, TypeCase typeCase, Random random, bool keyChanges = true)
{
    private readonly List<int> _live = [];
    private int _nextKey = 1;

    private string T => typeCase.Table;

    public async Task InsertAllAsync()
    {
        var edge = typeCase.Edge;
        for (var i = 0; i < edge.Length + 40; i++)
        {
            await InsertAsync(i < edge.Length ? edge[i] : typeCase.Random(random), i < edge.Length ? edge[edge.Length - 1 - i] : typeCase.Random(random));
        }
    }

    public async Task ChangeAsync()
    {
        for (var i = 0; i < 40; i++)
        {
            var key = Pick();
            await UpdateAsync(key, typeCase.V, i % 7 == 0 ? typeCase.Edge[random.Next(typeCase.Edge.Length)] : typeCase.Random(random));
            if (i % 5 == 0)
            {
                await UpdateAsync(key, typeCase.W, typeCase.Random(random));
            }
        }

        // Key changes: to a new key, with and without other columns changing (the original triggers refuse them).
        for (var i = 0; i < (keyChanges ? 8 : 0); i++)
        {
            var key = Pick();
            var moved = _nextKey++;
            await source.ExecAsync($"update {T} set {typeCase.Key} = $2 where {typeCase.Key} = $1", key, moved);
            Replace(key, moved);
            if (i % 2 == 0)
            {
                var again = _nextKey++;
                await source.ExecAsync($"update {T} set {typeCase.Key} = $2, {typeCase.W} = $3::{typeCase.Type} where {typeCase.Key} = $1",
                    moved, again, ReplicaPair.Text(typeCase.Random(random)));
                Replace(moved, again);
            }
        }

        // A swap through a free key: three updates that touch the same keys.
        var (a, b) = (Pick(), Pick());
        if (keyChanges && a != b)
        {
            const int free = -1;
            await source.ExecAsync($"update {T} set {typeCase.Key} = $2 where {typeCase.Key} = $1", a, free);
            await source.ExecAsync($"update {T} set {typeCase.Key} = $2 where {typeCase.Key} = $1", b, a);
            await source.ExecAsync($"update {T} set {typeCase.Key} = $2 where {typeCase.Key} = $1", free, b);
        }

        // One statement moving every key: its row events arrive in the order the source processed the rows.
        if (keyChanges)
        {
            await source.ExecAsync($"update {T} set {typeCase.Key} = {typeCase.Key} + 1000000");
            for (var i = 0; i < _live.Count; i++)
            {
                _live[i] += 1000000;
            }
        }

        var deleted = new List<int>();
        for (var i = 0; i < 10 && _live.Count > 1; i++)
        {
            var key = Pick();
            await source.ExecAsync($"delete from {T} where {typeCase.Key} = $1", key);
            _live.Remove(key);
            deleted.Add(key);
        }

        foreach (var key in deleted.Take(5))
        {
            await InsertAsync(typeCase.Random(random), typeCase.Random(random), key);
        }

        await UpdateAsync(Pick(), typeCase.V, null);
        await UpdateAsync(Pick(), typeCase.W, typeCase.Edge[^1]);
    }

    public async Task TruncateAndRefillAsync()
    {
        await source.ExecAsync($"truncate {T}");
        _live.Clear();
        for (var i = 0; i < 10; i++)
        {
            await InsertAsync(typeCase.Random(random), typeCase.Edge[random.Next(typeCase.Edge.Length)]);
        }

        await UpdateAsync(Pick(), typeCase.V, typeCase.Random(random));
        var gone = Pick();
        await source.ExecAsync($"delete from {T} where {typeCase.Key} = $1", gone);
        _live.Remove(gone);
    }

    private async Task InsertAsync(string? v, string? w, int? key = null)
    {
        var id = key ?? _nextKey++;
        await source.ExecAsync(
            $"insert into {T} ({typeCase.Key}, {typeCase.V}, {typeCase.W}) values ($1, $2::{typeCase.Type}, $3::{typeCase.Type})",
            id, ReplicaPair.Text(v), ReplicaPair.Text(w));
        _live.Add(id);
    }

    private Task<int> UpdateAsync(int key, string column, string? value) =>
        source.ExecAsync($"update {T} set {column} = $2::{typeCase.Type} where {typeCase.Key} = $1", key, ReplicaPair.Text(value));

    private int Pick() => _live[random.Next(_live.Count)];

    private void Replace(int old, int now) => _live[_live.IndexOf(old)] = now;
}
