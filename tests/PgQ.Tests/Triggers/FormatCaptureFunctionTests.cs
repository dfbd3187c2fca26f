using Npgsql;
using PgQ.Tests.Queue;

namespace PgQ.Tests.Triggers;

/// <summary>
/// The per-table capture functions of pgq.capture_jsontriga_function and pgq.capture_sqltriga_function: when
/// they are made, that they stay right when the table changes under them (compared with the original's C
/// triggers, which read the table definition on every row) until maintenance remakes them, and that they
/// refuse the kinds of trigger they are not made for.
/// </summary>
public sealed class FormatCaptureFunctionTests(TriggerFixture fixture) : IClassFixture<TriggerFixture>
{
    [Theory]
    [InlineData("{q}", true)]
    [InlineData("{q,ignore=v,backup}", true)]
    [InlineData("{q,pkey=v}", true)]
    [InlineData("{q,SKIP}", false)]
    [InlineData("{q,deny}", false)]
    [InlineData("{q,when=id > 1}", false)]
    [InlineData("{q,ev_extra3=v}", false)]
    [InlineData("{q,nonsense}", false)]
    [InlineData("{}", false)]
    public async Task A_function_is_made_only_for_arguments_the_fast_path_handles(string arguments, bool made)
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.Ours.ExecAsync("create table t (id int primary key, v text)");

        var json = await twins.Ours.ScalarAsync<string>("select pgq.capture_jsontriga_function('t', $1::text[])", arguments);
        var sql = await twins.Ours.ScalarAsync<string>("select pgq.capture_sqltriga_function('t', $1::text[])", arguments);

        if (made)
        {
            Assert.StartsWith("pgq._jsontriga_", json);
            Assert.StartsWith("pgq._sqltriga_", sql);
        }
        else
        {
            Assert.Equal(("pgq.jsontriga", "pgq.sqltriga"), (json, sql));
        }
    }

    [Fact]
    public async Task Columns_added_dropped_renamed_and_retyped_under_the_made_functions_queue_what_the_original_queues()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions: true);
        await twins.ExecAsync("""
            set timezone = 'UTC';
            create table t (id int primary key, a text, b int, c text, f float8);
            create trigger j after insert or update or delete on t for each row execute procedure pgq.jsontriga('q');
            create trigger s after insert or update or delete on t for each row execute procedure pgq.sqltriga('q', 'backup');
            insert into t values (1, 'x y', 2, 'c', 1.1);
            alter table t add column d inet;
            insert into t values (2, 'p', 3, 'q', 2.5, '10.0.0.1');
            update t set d = '10.0.0.2' where id = 1;
            alter table t drop column b;
            insert into t values (3, 'r', 's', null, null);
            alter table t rename column a to "A 2";
            insert into t values (4, 'u', 'v', null, null);
            update t set c = 'w' where id = 2;
            alter table t rename column c to a;
            alter table t rename column "A 2" to c;
            insert into t values (5, 'swapped', 'names', null, null);
            alter table t alter column id type bigint, alter column f type real;
            insert into t values (6, 'retyped', '', 1.1, null);
            update t set f = 2.2 where id = 6;
            alter table t alter column c type numeric using length(c);
            insert into t values (7, '12', 'n', null, null);
            delete from t where id = 6;
            alter table t rename to t2;
            update t2 set a = 'renamed' where id = 7;
            """);
        Assert.True(await MadeFunctionsAreUsedAsync(twins.Ours));

        var events = await twins.EventsAsync();
        Assert.Equal(24, events.Count);

        // The ticker's maintenance remakes both (pgqd calls it until it returns 0); the fast paths know the
        // new columns, types and name, and the events stay the same.
        Assert.Contains("pgq.maint_refresh_capture_functions",
            await twins.Ours.ScalarAsync<string>("select string_agg(func_name, ' ') from pgq.maint_operations()"));
        Assert.Equal(2, await twins.Ours.ScalarAsync<int>("select pgq.maint_refresh_capture_functions()"));
        Assert.Equal(0, await twins.Ours.ScalarAsync<int>("select pgq.maint_refresh_capture_functions()"));
        Assert.Equal(2L, await twins.Ours.ScalarAsync<long>("""
            select count(*) from pg_trigger g join pg_proc p on p.oid = g.tgfoid
             where g.tgrelid = 't2'::regclass and p.prosrc like '%NEW.d%' and p.prosrc like '%''t2''::pg_catalog.name%'
            """));
        await twins.ExecAsync("insert into t2 values (8, '1', 'after', 0.5, '::1'); update t2 set a = 'z' where id = 8; delete from t2;");
        events = await twins.EventsAsync();
        Assert.Equal(42, events.Count);
        Assert.Equal("{\"id\":8,\"c\":\"1\",\"a\":\"after\",\"f\":\"0.5\",\"d\":\"::1\"}", events[24].Data);
    }

    [Fact]
    public async Task Columns_retyped_before_the_made_functions_first_run_queue_what_the_original_queues()
    {
        // Planned only after the change, the made functions would otherwise print a real through float8out
        // and a timestamp through timestamptz_out (both by implicit casts): pgq._same_type must refuse them.
        // (A retype without such a cast, int4 to numeric say, fails to plan anyway, and so would the whole row.)
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions: true);
        await twins.ExecAsync("""
            set timezone = 'Asia/Kolkata';
            create table t (id int primary key, f float8, ts timestamptz, n int4, b int2);
            create trigger j after insert or update or delete on t for each row execute procedure pgq.jsontriga('q');
            create trigger s after insert or update or delete on t for each row execute procedure pgq.sqltriga('q', 'backup');
            alter table t alter column f type real, alter column ts type timestamp;
            insert into t values (1, 1.1, '2026-11-24 10:00:00.5', 12.5, 7);
            update t set f = 2.2, ts = 'infinity', n = null where id = 1;
            delete from t;
            """);
        Assert.True(await MadeFunctionsAreUsedAsync(twins.Ours));

        var events = await twins.EventsAsync();
        Assert.Equal(6, events.Count);
        Assert.Equal("{\"id\":1,\"f\":\"1.1\",\"ts\":\"2026-11-24T10:00:00.5\",\"n\":13,\"b\":7}", events[0].Data);
    }

    [Theory]
    [InlineData("jsontriga", "before insert on t for each row")]
    [InlineData("sqltriga", "after insert on t for each statement")]
    [InlineData("jsontriga", "after truncate on t for each statement")]
    public async Task A_made_function_on_another_kind_of_trigger_names_itself_and_the_fix(string format, string kind)
    {
        await using var twins = await fixture.CreateTwinsAsync();
        var db = twins.Ours;
        await db.ExecAsync("create table t (id int primary key, v text)");
        var function = await db.ScalarAsync<string>($"select pgq.capture_{format}_function('t', '{{q}}')");
        await db.ExecAsync($"create trigger wrong {kind} execute function {function}('q')");

        var error = await Assert.ThrowsAsync<PostgresException>(
            () => db.ExecAsync(kind.Contains("truncate") ? "truncate t" : "insert into t values (1, 'x')"));

        Assert.Equal($"capture function {function} is made for AFTER ROW triggers on public.t; use pgq.{format}", error.MessageText);
    }

    [Fact]
    public async Task A_caller_search_path_with_its_own_operators_first_does_not_change_what_the_made_functions_run()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions: true);
        var db = twins.Ours;
        var role = $"app_{Guid.NewGuid():N}";
        // Security definers without SET search_path: a caller that puts its own ||, =, <> and look-alike
        // functions before pg_catalog must not reach them through the made functions.
        await db.ExecAsync($"""
            create table t (id int primary key, v text, w timestamp, ip inet, b bool);
            create trigger j after insert or update or delete on t for each row execute procedure pgq.jsontriga('q', 'ignore=ip');
            create trigger s after insert or update or delete on t for each row execute procedure pgq.sqltriga('q');
            create role {role};
            grant insert, update, delete, select on t to {role};
            create schema evil authorization {role};
            set role {role};
            create function evil.hijack(text, text) returns text language sql as $$ select 'hijacked' $$;
            create function evil.hijack_bool(text, text) returns boolean language sql as $$ select true $$;
            create operator evil.|| (leftarg = text, rightarg = text, function = evil.hijack);
            create operator evil.= (leftarg = text, rightarg = text, function = evil.hijack_bool);
            create operator evil.<> (leftarg = text, rightarg = text, function = evil.hijack_bool);
            create function evil.current_setting(text) returns text language sql as $$ select 'local' $$;
            create function evil.to_json(text) returns json language sql as $$ select '"hijacked"'::json $$;
            create function evil.quote_literal(text) returns text language sql as $$ select 'hijacked' $$;
            set search_path = evil, pg_catalog, public;
            insert into public.t values (1, 'a b', '2026-11-24 10:00', '10.0.0.1/8', true);
            update public.t set v = 'c' where id = 1;
            update public.t set id = 2 where id = 1;
            delete from public.t where id = 2;
            reset search_path;
            reset role;
            """);
        Assert.True(await MadeFunctionsAreUsedAsync(db));

        var events = await TwinDatabases.ReadEventsAsync(db);

        Assert.Equal(
            [
                "{\"id\":1,\"v\":\"a b\",\"w\":\"2026-11-24T10:00:00\",\"b\":true}",
                "(id,v,w,ip,b) values ('1','a b','2026-11-24 10:00:00','10.0.0.1/8','t')",
                "{\"id\":1,\"v\":\"c\",\"w\":\"2026-11-24T10:00:00\",\"b\":true}",
                "v='c' where id='1'",
                "{\"id\":2,\"v\":\"c\",\"w\":\"2026-11-24T10:00:00\",\"b\":true}",
                "id='2' where id='1'",
                "{\"id\":2,\"v\":\"c\",\"w\":\"2026-11-24T10:00:00\",\"b\":true}",
                "id='2'",
            ],
            events.Select(e => e.Data));
        Assert.Equal("{\"id\":1}", events[4].Extra2);
    }

    [Fact]
    public async Task Names_with_dollar_quotes_newlines_and_format_patterns_are_written_in_safely()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions: true);
        // A name is written into the made function's code: it must not end its dollar-quoted body, a
        // comment line or a format() pattern there.
        await twins.ExecAsync(""""
            create table "evil$body$
            x" (id int primary key, "$body$; select 1; --" text, "a%1$s" text, "b%%I" numeric);
            create trigger j after insert or update or delete on "evil$body$
            x" for each row execute procedure pgq.jsontriga('q', 'ignore=b%%I');
            create trigger s after insert or update or delete on "evil$body$
            x" for each row execute procedure pgq.sqltriga('q', 'backup');
            insert into "evil$body$
            x" values (1, 'v', 'w', 1.5);
            update "evil$body$
            x" set "a%1$s" = 'z', "b%%I" = 2;
            delete from "evil$body$
            x";
            """");
        Assert.True(await MadeFunctionsAreUsedAsync(twins.Ours));

        var events = await twins.EventsAsync();

        Assert.Equal(6, events.Count);
        Assert.Equal("{\"id\":1,\"$body$; select 1; --\":\"v\",\"a%1$s\":\"z\"}", events[2].Data);
        Assert.Equal("\"a%1$s\"='z',\"b%%I\"='2' where id='1'", events[3].Data);
    }

    [Fact]
    public async Task Maintenance_reaches_0_when_a_stale_function_can_no_longer_be_made()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions: true);
        var db = twins.Ours;
        // The pkey= column dropped: the urlencoded generator now answers pgq.logutriga and leaves the
        // function stale; pgqd calls the maintenance function until it returns 0, so it must not count it.
        await db.ExecAsync("""
            create table t (id int, v text, w text);
            create trigger capture after insert on t for each row execute procedure pgq.logutriga('q', 'pkey=v');
            create trigger j after insert on t for each row execute procedure pgq.jsontriga('q', 'pkey=v');
            alter table t drop column v;
            """);

        Assert.Equal(1, await db.ScalarAsync<int>("select pgq.maint_refresh_capture_functions()"));
        Assert.Equal(0, await db.ScalarAsync<int>("select pgq.maint_refresh_capture_functions()"));
    }

    private static async Task<bool> MadeFunctionsAreUsedAsync(NpgsqlConnection db) =>
        await db.ScalarAsync<bool>("""
            select bool_and(p.proname ~ '^_(json|sql)triga_[0-9]')
              from pg_trigger t join pg_proc p on p.oid = t.tgfoid join pg_class c on c.oid = t.tgrelid
             where not t.tgisinternal and t.tgtype & 1 = 1 and c.relnamespace <> 'pgq'::regnamespace
            """);
}
