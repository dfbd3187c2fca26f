using Npgsql;

namespace Londiste.Tests.LondisteSql;

/// <summary>Our londiste schema installs and works for a database owner that is no superuser.</summary>
public sealed class NonSuperuserTests(LondisteOnOriginalFixture fixture) : IClassFixture<LondisteOnOriginalFixture>
{
    [Fact]
    public async Task A_plain_database_owner_installs_twice_and_adds_a_table_on_the_root()
    {
        var database = "owned_" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Cluster.ExecuteAsync("postgres", """
            do $$ begin
                if not exists (select 1 from pg_roles where rolname = 'app_owner') then create role app_owner login; end if;
            end $$
            """);
        await fixture.Cluster.ExecuteAsync("postgres", $"create database {database} owner app_owner");
        var owner = fixture.Cluster.ConnectionString(database, "app_owner");
        await fixture.PrepareForOwnerAsync(database, "app_owner");
        await fixture.InstallOursAsync(database, owner);
        await fixture.InstallOursAsync(database, owner);

        await using var db = new NpgsqlConnection(owner);
        await db.OpenAsync();
        Assert.False(await db.ScalarAsync<bool>("select rolsuper from pg_roles where rolname = current_user"));
        await db.ExecAsync("""
            select pgq_node.register_location('q', 'root1', 'dbname=x', false);
            select pgq_node.create_node('q', 'root', 'root1', 'w', null, null, null);
            create table t1 (id int primary key, v text)
            """);
        Assert.Equal("200|Table added: public.t1", await db.LineAsync("select * from londiste.local_add_table('q', 't1')"));
        Assert.Equal(2, await db.ScalarAsync<long>("select count(*) from pg_trigger where tgrelid = 't1'::regclass"));
        Assert.Equal("200|Table removed: public.t1", await db.LineAsync("select * from londiste.local_remove_table('q', 't1')"));
    }
}
