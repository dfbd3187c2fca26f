using Londiste.Installation;
using Npgsql;

namespace Londiste.Tests.Installation;

/// <summary>
/// On a managed database the worker's role may not set session_replication_role. Through
/// londiste.set_session_replication_role it still gets what replication needs: PgQ's deny and capture
/// triggers stay quiet for its changes and it may insert into a branch's disabled-insert queue.
/// </summary>
public sealed class NonSuperuserReplicaRoleTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task A_worker_without_superuser_passes_deny_triggers_and_queues_nothing_again()
    {
        var role = $"owner_{Guid.NewGuid():N}"[..20];
        var database = $"nosu_{Guid.NewGuid():N}"[..20];
        await fixture.Cluster.ExecuteAsync("postgres", $"create role {role} login nosuperuser nocreaterole nocreatedb");
        await fixture.Cluster.ExecuteAsync("postgres", $"create database {database} owner {role}");
        var connectionString = fixture.Cluster.ConnectionString(database, role);
        await NodeSchemas.InstallAsync(connectionString, CancellationToken.None);
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await ExecAsync(db, """
            select pgq.create_queue('q');
            select pgq.create_queue('branch_q');
            select pgq.set_queue_config('branch_q', 'queue_disable_insert', 'true');
            create table denied (id int primary key, v text);
            create trigger deny_changes after insert or update or delete on denied
                for each row execute function pgq.logutriga('q', 'deny');
            create table captured (id int primary key, v text);
            """);
        var made = await ScalarAsync<string>(db, "select pgq.capture_trigger_function('captured', '{q}')");
        await ExecAsync(db, $"create trigger capture after insert or update or delete on captured for each row execute function {made}('q')");

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(db, "insert into denied values (1, 'x')"));
        Assert.Contains("change not allowed", refused.MessageText);

        await ExecAsync(db, "select londiste.set_session_replication_role('replica', false)");
        Assert.Equal("origin", await ScalarAsync<string>(db, "show session_replication_role"));
        await ExecAsync(db, """
            insert into denied values (1, 'x');
            insert into captured values (1, 'x');
            select pgq.insert_event_raw('branch_q', null, now(), null, null, 'I:id', 'id=1', 'public.t', null, null, null);
            """);
        Assert.Equal(0L, await ScalarAsync<long>(db, "select count(*) from pgq.event_1"));
        Assert.Equal(1L, await ScalarAsync<long>(db, "select count(*) from pgq.event_2"));

        await ExecAsync(db, "select londiste.set_session_replication_role('origin', false)");
        await ExecAsync(db, "insert into captured values (2, 'y')");
        Assert.Equal(1L, await ScalarAsync<long>(db, "select count(*) from pgq.event_1"));
    }

    private static async Task ExecAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
