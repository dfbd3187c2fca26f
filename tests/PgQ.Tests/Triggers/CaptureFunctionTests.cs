using Npgsql;
using PgQ.Tests.Queue;

namespace PgQ.Tests.Triggers;

/// <summary>
/// The per-table capture functions of pgq.capture_trigger_function: when they are made, that they
/// stay right when the table changes under them (compared with the original's C trigger, which reads
/// the table definition on every row), and that any role writing the table can queue through them.
/// </summary>
public sealed class CaptureFunctionTests(TriggerFixture fixture) : IClassFixture<TriggerFixture>
{
    [Theory]
    [InlineData("{q}", true)]
    [InlineData("{q,ignore=v,backup}", true)]
    [InlineData("{q,pkey=v}", true)]
    [InlineData("{q,pkey=no_such_column}", false)]
    [InlineData("{q,SKIP}", false)]
    [InlineData("{q,deny}", false)]
    [InlineData("{q,when=id > 1}", false)]
    [InlineData("{q,ev_extra3=v}", false)]
    [InlineData("{}", false)]
    public async Task A_function_is_made_only_for_arguments_the_fast_path_handles(string arguments, bool made)
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.Ours.ExecAsync("create table t (id int primary key, v text)");

        var function = await twins.Ours.ScalarAsync<string>("select pgq.capture_trigger_function('t', $1::text[])", arguments);

        if (made)
        {
            Assert.StartsWith("pgq._logutriga_", function);
        }
        else
        {
            Assert.Equal("pgq.logutriga", function);
        }
    }

    [Fact]
    public async Task Columns_added_dropped_renamed_and_retyped_under_the_made_function_queue_what_the_original_queues()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions: true);
        await twins.ExecAsync("""
            create table t (id int primary key, a text, b int, c text);
            create trigger capture after insert or update or delete on t for each row execute procedure pgq.logutriga('q');
            insert into t values (1, 'x y', 2, 'c');
            alter table t add column d inet;
            insert into t values (2, 'p', 3, 'q', '10.0.0.1');
            update t set d = '10.0.0.2' where id = 1;
            alter table t drop column b;
            insert into t values (3, 'r', 's', null);
            alter table t rename column a to "A 2";
            insert into t values (4, 'u', 'v', null);
            update t set c = 'w' where id = 2;
            alter table t rename column c to a;
            alter table t rename column "A 2" to c;
            insert into t values (5, 'swapped', 'names', null);
            alter table t alter column id type bigint;
            insert into t values (6, 'retyped', '', null);
            delete from t where id = 6;
            """);
        Assert.True(await MadeFunctionIsUsedAsync(twins.Ours));
        // The key retyped after this session's plans were made for it (datatype_mismatch in the
        // made function, which then takes the generic code), twice.
        await twins.ExecAsync("""
            update t set a = 'k' where id = 1;
            alter table t alter column id type int;
            update t set a = 'l' where id = 1;
            """);

        var events = await twins.EventsAsync();
        Assert.Equal(11, events.Count);
        Assert.StartsWith("id=1&c=x+y&a=l", events[10].Data, StringComparison.Ordinal);

        // After a refresh the fast path knows the new columns again, and the events stay the same.
        Assert.Equal(1, await twins.Ours.ScalarAsync<int>("select pgq.refresh_capture_functions()"));
        await twins.ExecAsync("insert into t values (7, 'after', 'refresh', '::1'); update t set a = 'z' where id = 7;");
        events = await twins.EventsAsync();
        Assert.Equal(13, events.Count);
        Assert.Equal("id=7&c=after&a=refresh&d=%3a%3a1", events[11].Data);
    }

    [Fact]
    public async Task The_made_function_captures_a_primary_key_update_with_the_old_key_in_extra2()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions: true);
        var db = twins.Ours;
        await db.ExecAsync("""
            create table t (id int, "Key 2" text, v text, primary key (id, "Key 2"));
            create trigger capture after insert or update or delete on t for each row execute procedure pgq.logutriga('q');
            create table u (id int primary key, v text, w text);
            create trigger capture after update on u for each row execute procedure pgq.logutriga('q', 'backup', 'ignore=w');
            insert into t values (1, 'a b', 'x');
            update t set id = 2, v = 'y';
            update t set v = 'z';
            insert into u values (1, 'x', 'i');
            update u set id = 2;
            update u set w = 'only ignored';
            """);
        Assert.True(await MadeFunctionIsUsedAsync(db));

        var events = await TwinDatabases.ReadEventsAsync(db);

        Assert.Equal(
            [
                new QueuedEvent("I:id,Key 2", "id=1&Key+2=a+b&v=x", "public.t", null, null, null),
                new QueuedEvent("U:id,Key 2", "id=2&Key+2=a+b&v=y", "public.t", "id=1&Key+2=a+b", null, null),
                new QueuedEvent("U:id,Key 2", "id=2&Key+2=a+b&v=z", "public.t", null, null, null),
                new QueuedEvent("U:id", "id=2&v=x", "public.u", "id=1&v=x", null, null),
            ],
            events);
    }

    [Fact]
    public async Task A_not_null_key_of_an_exactly_comparable_type_is_checked_with_its_own_operator_and_still_gives_the_old_key()
    {
        // int and timestamp keys: the made function compares NEW.k <> OLD.k instead of the key texts
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions: true);
        var db = twins.Ours;
        await db.ExecAsync("""
            create table k (id int, at timestamp, v text, primary key (id, at));
            create trigger capture after insert or update or delete on k for each row execute procedure pgq.logutriga('q');
            insert into k values (1, '2026-01-02 03:04:05', 'x');
            update k set v = 'y';
            update k set at = '2026-01-02 03:04:06';
            update k set id = 2;
            delete from k;
            """);
        Assert.True(await MadeFunctionIsUsedAsync(db));
        Assert.Contains("NEW.at operator(pg_catalog.<>) OLD.at", await db.ScalarAsync<string>(
            "select p.prosrc from pg_proc p join pg_trigger t on t.tgfoid = p.oid where t.tgrelid = 'k'::regclass"));

        var events = await TwinDatabases.ReadEventsAsync(db);

        Assert.Equal(
            [
                new QueuedEvent("I:id,at", "id=1&at=2026-01-02+03%3a04%3a05&v=x", "public.k", null, null, null),
                new QueuedEvent("U:id,at", "id=1&at=2026-01-02+03%3a04%3a05&v=y", "public.k", null, null, null),
                new QueuedEvent("U:id,at", "id=1&at=2026-01-02+03%3a04%3a06&v=y", "public.k", "id=1&at=2026-01-02+03%3a04%3a05", null, null),
                new QueuedEvent("U:id,at", "id=2&at=2026-01-02+03%3a04%3a06&v=y", "public.k", "id=1&at=2026-01-02+03%3a04%3a06", null, null),
                new QueuedEvent("D:id,at", "id=2&at=2026-01-02+03%3a04%3a06&v=y", "public.k", null, null, null),
            ],
            events);
    }

    [Fact]
    public async Task A_role_without_any_pgq_grant_can_write_a_table_captured_by_a_made_function()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions: true);
        var db = twins.Ours;
        var role = $"app_{Guid.NewGuid():N}";
        await db.ExecAsync($"""
            create table t (id int primary key, v text);
            create trigger capture after insert or update or delete on t for each row execute procedure pgq.logutriga('q');
            create role {role};
            grant insert, update on t to {role};
            set role {role};
            insert into t values (1, 'x');
            reset role;
            """);
        Assert.True(await MadeFunctionIsUsedAsync(db));

        var events = await TwinDatabases.ReadEventsAsync(db);

        Assert.Equal([new QueuedEvent("I:id", "id=1&v=x", "public.t", null, null, null)], events);
    }

    [Fact]
    public async Task A_caller_search_path_with_its_own_operators_first_does_not_change_what_the_made_function_runs()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions: true);
        var db = twins.Ours;
        var role = $"app_{Guid.NewGuid():N}";
        // The made function is a security definer without SET search_path: a caller that puts its own
        // ||, =, <> and a look-alike function before pg_catalog must not reach them through it.
        await db.ExecAsync($"""
            create table t (id int primary key, v text, w timestamp, ip inet);
            create trigger capture after insert or update or delete on t for each row execute procedure pgq.logutriga('q');
            create role {role};
            grant insert, update, delete on t to {role};
            grant select on t to {role};
            create schema evil authorization {role};
            set role {role};
            create function evil.hijack(text, text) returns text language sql as $$ select 'hijacked' $$;
            create function evil.hijack_bool(text, text) returns boolean language sql as $$ select true $$;
            create operator evil.|| (leftarg = text, rightarg = text, function = evil.hijack);
            create operator evil.= (leftarg = text, rightarg = text, function = evil.hijack_bool);
            create operator evil.<> (leftarg = text, rightarg = text, function = evil.hijack_bool);
            create function evil.current_setting(text) returns text language sql as $$ select 'local' $$;
            set search_path = evil, pg_catalog, public;
            insert into public.t values (1, 'a b', '2026-11-24 10:00', '10.0.0.1/8');
            update public.t set v = 'c' where id = 1;
            update public.t set id = 2 where id = 1;
            delete from public.t where id = 2;
            reset search_path;
            reset role;
            """);
        Assert.True(await MadeFunctionIsUsedAsync(db));

        var events = await TwinDatabases.ReadEventsAsync(db);

        Assert.Equal(
            [
                new QueuedEvent("I:id", "id=1&v=a+b&w=2026-11-24+10%3a00%3a00&ip=10.0.0.1%2f8", "public.t", null, null, null),
                new QueuedEvent("U:id", "id=1&v=c&w=2026-11-24+10%3a00%3a00&ip=10.0.0.1%2f8", "public.t", null, null, null),
                new QueuedEvent("U:id", "id=2&v=c&w=2026-11-24+10%3a00%3a00&ip=10.0.0.1%2f8", "public.t", "id=1", null, null),
                new QueuedEvent("D:id", "id=2&v=c&w=2026-11-24+10%3a00%3a00&ip=10.0.0.1%2f8", "public.t", null, null, null),
            ],
            events);
    }

    [Theory]
    [InlineData("before insert on t for each row")]
    [InlineData("after insert on t for each statement")]
    [InlineData("after truncate on t for each statement")]
    public async Task A_made_function_on_another_kind_of_trigger_names_itself_and_the_fix(string kind)
    {
        await using var twins = await fixture.CreateTwinsAsync();
        var db = twins.Ours;
        await db.ExecAsync("create table t (id int primary key, v text)");
        var function = await db.ScalarAsync<string>("select pgq.capture_trigger_function('t', '{q}')");
        await db.ExecAsync($"create trigger wrong {kind} execute function {function}('q')");

        var error = await Assert.ThrowsAsync<PostgresException>(
            () => db.ExecAsync(kind.Contains("truncate") ? "truncate t" : "insert into t values (1, 'x')"));

        Assert.Equal($"capture function {function} is made for AFTER ROW triggers on public.t; use pgq.logutriga", error.MessageText);
    }

    [Fact]
    public async Task Queue_changes_after_the_function_was_made_go_through_insert_event_raw()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions: true);
        var db = twins.Ours;
        await db.ExecAsync("""
            create table t (id int primary key, v text);
            create trigger capture after insert or update or delete on t for each row execute procedure pgq.logutriga('q');
            insert into t values (1, 'before');
            select pgq.set_queue_config('q', 'disable_insert', 'true');
            """);
        Assert.True(await MadeFunctionIsUsedAsync(db));

        var refused = await Assert.ThrowsAsync<PostgresException>(() => db.ExecAsync("insert into t values (2, 'refused')"));
        Assert.Equal("Insert into queue disallowed", refused.MessageText);

        // The queue dropped and created again under a new id: the written-in tables are gone, the
        // events still reach the new queue.
        await db.ExecAsync("""
            select pgq.set_queue_config('q', 'disable_insert', 'false');
            select pgq.drop_queue('q');
            select pgq.create_queue('q');
            insert into t values (3, 'new queue');
            alter table t rename to t2;
            insert into t2 values (4, 'renamed');
            """);
        var events = await TwinDatabases.ReadEventsAsync(db);

        Assert.Equal(
            [
                new QueuedEvent("I:id", "id=3&v=new+queue", "public.t", null, null, null),
                new QueuedEvent("I:id", "id=4&v=renamed", "public.t2", null, null, null),
            ],
            events);
        Assert.Equal(1, await db.ScalarAsync<int>("select pgq.refresh_capture_functions()"));
        Assert.Contains("pgq.event_", await db.ScalarAsync<string>("""
            select p.prosrc from pg_trigger t join pg_proc p on p.oid = t.tgfoid where t.tgrelid = 't2'::regclass
            """));
    }

    [Fact]
    public async Task The_ticker_maintenance_remakes_only_the_functions_whose_table_changed()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions: true);
        var db = twins.Ours;
        await db.ExecAsync("""
            create table t (id int primary key, v text);
            create trigger capture after insert or update or delete on t for each row execute procedure pgq.logutriga('q');
            create table u (id int primary key, v text);
            create trigger capture after insert or update or delete on u for each row execute procedure pgq.logutriga('q');
            """);
        Assert.True(await MadeFunctionIsUsedAsync(db));
        Assert.Contains("pgq.maint_refresh_capture_functions",
            await db.ScalarAsync<string>("select string_agg(func_name, ' ') from pgq.maint_operations()"));
        Assert.Equal(0, await db.ScalarAsync<int>("select pgq.maint_refresh_capture_functions()"));

        await db.ExecAsync("alter table t add column added_later text");
        var before = await db.ScalarAsync<string>("select p.prosrc from pg_trigger g join pg_proc p on p.oid = g.tgfoid where g.tgrelid = 't'::regclass");
        Assert.DoesNotContain("added_later", before);

        // pgqd calls each maintenance function until it returns 0
        Assert.Equal(1, await db.ScalarAsync<int>("select pgq.maint_refresh_capture_functions()"));
        Assert.Equal(0, await db.ScalarAsync<int>("select pgq.maint_refresh_capture_functions()"));
        var after = await db.ScalarAsync<string>("select p.prosrc from pg_trigger g join pg_proc p on p.oid = g.tgfoid where g.tgrelid = 't'::regclass");
        Assert.Contains("NEW.added_later", after);

        await db.ExecAsync("insert into t values (1, 'x', 'y')");
        Assert.Equal([new QueuedEvent("I:id", "id=1&v=x&added_later=y", "public.t", null, null, null)],
            await TwinDatabases.ReadEventsAsync(db));

        // The table's name is written into the made function (ev_extra1): a rename remakes it too.
        await db.ExecAsync("alter table u rename to u2");
        Assert.Equal(1, await db.ScalarAsync<int>("select pgq.maint_refresh_capture_functions()"));
        Assert.Contains("'public.u2'", await db.ScalarAsync<string>(
            "select p.prosrc from pg_trigger g join pg_proc p on p.oid = g.tgfoid where g.tgrelid = 'u2'::regclass"));
    }

    [Fact]
    public async Task Names_with_dollar_quotes_newlines_and_format_patterns_are_written_in_safely()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions: true);
        // Names are written into the made function's code: one must not end its dollar-quoted body or its first
        // comment line (and so run as whoever makes the function), nor act as a format() pattern there.
        await twins.ExecAsync(""""
            create table "evil$body$
            x" (id int primary key, "$body$; select 1; --" text, "a%1$s" text, "b%%I" timestamptz);
            create trigger capture after insert or update or delete on "evil$body$
            x" for each row execute procedure pgq.logutriga('q', 'backup');
            insert into "evil$body$
            x" values (1, 'v', 'w', '2026-11-24 12:00+00');
            update "evil$body$
            x" set "a%1$s" = 'z';
            delete from "evil$body$
            x";
            """");
        Assert.True(await MadeFunctionIsUsedAsync(twins.Ours));

        var events = await twins.EventsAsync();

        Assert.Equal(3, events.Count);
        Assert.StartsWith("id=1&%24body%24%3b+select+1%3b+--=v&a%251%24s=z&", events[1].Data, StringComparison.Ordinal);
    }

    private static async Task<bool> MadeFunctionIsUsedAsync(NpgsqlConnection db) =>
        await db.ScalarAsync<bool>("""
            select bool_and(p.proname like '\_logutriga\_%')
              from pg_trigger t join pg_proc p on p.oid = t.tgfoid join pg_class c on c.oid = t.tgrelid
             where not t.tgisinternal and t.tgtype & 1 = 1 and c.relnamespace <> 'pgq'::regnamespace
            """);
}
