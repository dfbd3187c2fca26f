namespace Londiste.Tests.LondisteSql;

/// <summary>Partition helpers for handlers and the dropped-foreign-key bookkeeping, compared with the original.</summary>
public sealed class PartitionAndFkeyTests(LondisteOnOriginalFixture fixture) : IClassFixture<LondisteOnOriginalFixture>
{
    [Fact]
    public async Task Create_partition_copies_structure_grants_triggers_and_rules_and_adds_the_range_check()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.ExecAsync("""
            create schema "Odd S";
            create table "Odd S".events (id int primary key, at timestamptz not null, v text default 'x');
            create index on "Odd S".events (at);
            grant select on "Odd S".events to public;
            create function noop() returns trigger language plpgsql as $$ begin return new; end $$;
            create trigger "Before Ins" before insert on "Odd S".events for each row execute function noop();
            alter table "Odd S".events disable trigger "Before Ins";
            create rule "no del" as on delete to "Odd S".events do instead nothing
            """);
        Assert.Equal("1", await twins.SameLineAsync("select londiste.create_partition('Odd S.events', 'Odd S.events_2026_11', 'id', 'at', '2026-11-24 13:00+00', 'month')"));
        Assert.Equal("0", await twins.SameLineAsync("select londiste.create_partition('Odd S.events', 'Odd S.events_2026_11', 'id', 'at', '2026-11-24 13:00+00', 'month')"));
        await twins.SameLineAsync("select londiste.create_partition('Odd S.events', 'Odd S.events_plain', 'id', '', null, null)");
        await twins.SameAsync("""
            select c.relname, pg_get_constraintdef(k.oid) from pg_constraint k join pg_class c on c.oid = k.conrelid
             where c.relname like 'events%' and k.contype = 'c' order by 1, 2
            """);
        await twins.SameAsync("select indexdef from pg_indexes where tablename like 'events_%' order by 1");
        await twins.SameAsync("select tgrelid::regclass::text, tgname, tgenabled from pg_trigger where tgname = 'Before Ins' order by 1");
        await twins.SameAsync("select tablename, rulename, definition from pg_rules where rulename = 'no del' order by 1");
        await twins.SameAsync("select relname, relacl::text from pg_class where relname like 'events%' and relkind = 'r' order by 1");
        await twins.SameErrorAsync("select londiste.create_partition(null, 'x', null, null, null, null)");
    }

    [Fact]
    public async Task Obsolete_partitions_are_found_by_name_and_dropped()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.ExecAsync("create table logs (id int); create table logs_2001_01 () inherits (logs); create table logs_2999_01 () inherits (logs); create table logs_x () inherits (logs)");
        await twins.SameAsync("""
            select londiste.is_obsolete_partition('logs_2001_01', '1 month', 'month'), londiste.is_obsolete_partition('logs_2999_01', '1 month', 'monthly'),
                   londiste.is_obsolete_partition('logs_x', '1 month', 'month'), londiste.is_obsolete_partition('logs_2001', '1 day', 'year'),
                   londiste.is_obsolete_partition('logs_2001_01_01_05', '1 day', 'hourly'), londiste.is_obsolete_partition('logs_2001_01_01', '1 day', 'daily')
            """);
        await twins.SameErrorAsync("select londiste.is_obsolete_partition('logs_2001', '1 day', 'week')");
        Assert.Equal(["public.logs_2001_01"], await twins.SameAsync("select * from londiste.list_obsolete_partitions('logs', '1 month', 'month')"));
        Assert.Equal(["public.logs_2001_01"], await twins.SameAsync("select * from londiste.drop_obsolete_partitions('public.logs', '1 month', 'month')"));
        Assert.Empty(await twins.SameAsync("select * from londiste.list_obsolete_partitions('logs', '1 month', 'month')"));
    }

    [Fact]
    public async Task Dropped_foreign_keys_wait_until_both_tables_are_in_sync()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.SubscriberAsync();
        await twins.ExecAsync("""
            create table parent (id int primary key);
            create table child (id int primary key, parent_id int constraint child_parent_fk references parent);
            select londiste.global_add_table('q', 'parent'); select londiste.global_add_table('q', 'child')
            """);
        await twins.SameAsync("select * from londiste.find_table_fkeys('public.parent')");
        Assert.Equal("1", await twins.SameLineAsync("select londiste.drop_table_fkey('public.child', 'child_parent_fk')"));
        Assert.Equal("0", await twins.SameLineAsync("select londiste.drop_table_fkey('public.child', 'child_parent_fk')"));
        Assert.Empty(await twins.SameAsync("select * from londiste.find_table_fkeys('public.child')"));
        Assert.Single(await twins.SameAsync("select * from londiste.get_table_pending_fkeys('public.parent')"));
        Assert.Empty(await twins.SameAsync("select * from londiste.get_valid_pending_fkeys('q')"));
        await twins.SameLineAsync("select * from londiste.local_add_table('q', 'parent', array['expect_sync'])");
        Assert.Empty(await twins.SameAsync("select * from londiste.get_valid_pending_fkeys('q')"));
        await twins.SameLineAsync("select * from londiste.local_add_table('q', 'child')");
        Assert.Empty(await twins.SameAsync("select * from londiste.get_valid_pending_fkeys('q')"));
        await twins.SameLineAsync("select * from londiste.local_set_table_state('q', 'child', null, 'ok')");
        Assert.Single(await twins.SameAsync("select * from londiste.get_valid_pending_fkeys('q')"));

        Assert.Equal("alter table only public.child add constraint child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent(id) not valid",
            await twins.SameLineAsync("select londiste.restore_table_fkey('public.child', 'child_parent_fk', true)"));
        await twins.ExecAsync("alter table only public.child add constraint child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent(id) not valid");
        Assert.Equal("alter table only public.child validate constraint child_parent_fk",
            await twins.SameLineAsync("select londiste.restore_table_fkey('public.child', 'child_parent_fk', true)"));
        await twins.ExecAsync("alter table only public.child validate constraint child_parent_fk");
        Assert.Equal("", await twins.SameLineAsync("select londiste.restore_table_fkey('public.child', 'child_parent_fk', true)"));
        Assert.Empty(await twins.SameAsync("select * from londiste.pending_fkeys"));

        await twins.SameLineAsync("select londiste.drop_table_fkey('public.child', 'child_parent_fk')");
        Assert.Equal("", await twins.SameLineAsync("select londiste.restore_table_fkey('public.child', 'child_parent_fk')"));
        Assert.Single(await twins.SameAsync("select * from londiste.find_table_fkeys('public.child')"));
    }
}
