namespace PgQ.Tests.Triggers;

/// <summary>
/// pgq.logutriga against the original PgQ 3.5 C trigger: the same DDL and DML on both databases must
/// queue byte-identical events (ev_type, ev_data, ev_extra1..4) and raise the same errors. Runs twice:
/// with the generic pgq.logutriga, and with every such trigger switched to the per-table function
/// pgq.capture_trigger_function makes (<paramref name="captureFunctions"/>).
/// </summary>
public abstract class LogutrigaComparison(TriggerFixture fixture, bool captureFunctions)
{
    private Task<TwinDatabases> CreateTwinsAsync() => fixture.CreateTwinsAsync(captureFunctions);

    // A non-public schema and names that need quoting (mixed case, space, keyword, non-ASCII), a dropped
    // and a generated column, and values of many types.
    private const string OddTable = """
        create schema "Odd Schema";
        create table "Odd Schema"."Mixed Case" (
            id int, "Key 2" text, "select" text, "ünï" text, dropme int, b bytea, n numeric, f float8, r real,
            ts timestamptz, iv interval, arr int[], tarr text[], j json, jb jsonb, u uuid, ip inet, bo bool,
            g int generated always as (id * 2) stored,
            primary key (id, "Key 2"));
        alter table "Odd Schema"."Mixed Case" drop column dropme;
        create trigger capture after insert or update or delete on "Odd Schema"."Mixed Case"
            for each row execute procedure pgq.logutriga('q');
        """;

    [Theory]
    [InlineData("ISO, MDY", "postgres")]
    [InlineData("SQL, DMY", "postgres_verbose")]
    [InlineData("Postgres, MDY", "sql_standard")]
    [InlineData("German", "iso_8601")]
    public async Task Date_and_time_values_under_every_date_style_queue_the_same_events_as_the_original(string dateStyle, string intervalStyle)
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync("""
            create table dt (id int primary key, d date, t time, tz timetz, ts timestamp, tstz timestamptz, iv interval, f float8, m macaddr, c cidr);
            create trigger capture after insert or update or delete on dt for each row execute procedure pgq.logutriga('q');
            """);
        // A zone with an abbreviation, one printed as an offset, and the POSIX form with a quoted name.
        foreach (var zone in new[] { "America/New_York", "Asia/Kolkata", "<+0530>-05:30" })
        {
            await twins.ExecAsync($"""
                set datestyle = '{dateStyle}';
                set intervalstyle = '{intervalStyle}';
                set timezone = '{zone}';
                delete from dt;
                insert into dt values
                    (1, '2026-11-24', '10:11:12.345', '10:11:12+05:30', '2026-11-24 10:11:12.5', '2026-11-24 10:11:12.5+00',
                     '1 year 2 mons 3 days 04:05:06.7 ago', 1.5e300, '08:00:2b:01:02:03', '10.1.0.0/16'),
                    (2, '0044-03-15 BC', 'allballs', '23:59:59.999999-12', 'infinity', '-infinity', '-3 days -00:00:01',
                     -1e-300, null, '::ffff:10.0.0.0/104');
                update dt set ts = ts + interval '1 day', iv = iv * 2 where id = 1;
                """);
        }

        var events = await twins.EventsAsync();

        // 3 zones x (2 inserts + 1 update), and the 2 rows deleted before the second and third round
        Assert.Equal(13, events.Count);
    }

    [Fact]
    public async Task Rows_of_many_types_in_an_odd_schema_queue_the_same_events_as_the_original()
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync(OddTable);
        await twins.ExecAsync("""
            set timezone = 'UTC';
            insert into "Odd Schema"."Mixed Case" (id, "Key 2", "select", "ünï", b, n, f, r, ts, iv, arr, tarr, j, jb, u, ip, bo)
            values (1, 'a&b=c%d+e f', E'line1\nline2 "q" \\ back''s\ttab', 'üñ😀', '\x00ff0001'::bytea, 12345.678900, 'NaN', '-Infinity',
                    '2009-09-19 11:59:48.599+00', '2 mins 3 days', '{1,NULL,3}', '{"a b",NULL,"","x,y","q\"z","(p)"}',
                    '{"a": [1, "x"]}', '{"b": 2}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '192.168.0.1/24', true),
                   (2, '', null, '', '\x', 0, 'Infinity', 1.5, 'infinity', '-1 year', '{}', null, 'null', '[]', null, '::1', false);
            update "Odd Schema"."Mixed Case" set "select" = 'x~y', n = -0.5e-10, f = -0.0 where id = 1;
            delete from "Odd Schema"."Mixed Case" where id = 2;
            """);

        var events = await twins.EventsAsync();

        Assert.Equal(4, events.Count);
        Assert.Equal(["I:id,Key 2", "I:id,Key 2", "U:id,Key 2", "D:id,Key 2"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("Odd Schema.Mixed Case", e.Extra1));
        Assert.Equal(
            "id=1&Key+2=a%26b%3dc%25d%2be+f&select=line1%0aline2+%22q%22+%5c+back%27s%09tab&%c3%bcn%c3%af=%c3%bc%c3%b1%f0%9f%98%80" +
            "&b=%5cx00ff0001&n=12345.678900&f=NaN&r=-Infinity&ts=2009-09-19+11%3a59%3a48.599%2b00&iv=3+days+00%3a02%3a00" +
            "&arr=%7b1%2cNULL%2c3%7d&tarr=%7b%22a+b%22%2cNULL%2c%22%22%2c%22x%2cy%22%2c%22q%5c%22z%22%2c%28p%29%7d" +
            "&j=%7b%22a%22%3a+%5b1%2c+%22x%22%5d%7d&jb=%7b%22b%22%3a+2%7d&u=a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" +
            "&ip=192.168.0.1%2f24&bo=t&g=2",
            events[0].Data);
        // NULL is the bare name, the empty string is "name=".
        Assert.Equal("id=2&Key+2=&select&%c3%bcn%c3%af=&b=%5cx&n=0&f=Infinity&r=1.5&ts=infinity&iv=-1+years&arr=%7b%7d" +
                     "&tarr&j=null&jb=%5b%5d&u&ip=%3a%3a1&bo=f&g=4", events[1].Data);
        Assert.Equal(events[1].Data, events[3].Data);
        Assert.All(events, e => Assert.Null(e.Extra2));
    }

    [Fact]
    public async Task Unicode_keyword_and_quoted_names_and_a_before_trigger_match_the_original()
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync("""
            create schema "sch ä.x";
            create table "sch ä.x"."tâble ""q"" &" ("order" int primary key, "Ñ=&%" text, "user" text,
                g text generated always as ("user" || '!') stored);
            create trigger capture before insert or update or delete on "sch ä.x"."tâble ""q"" &"
                for each row execute procedure pgq.logutriga('q');
            insert into "sch ä.x"."tâble ""q"" &" values (1, 'v', 'u'), (2, null, '');
            update "sch ä.x"."tâble ""q"" &" set "user" = 'w' where "order" = 1;
            delete from "sch ä.x"."tâble ""q"" &" where "order" = 2;
            """);

        var events = await twins.EventsAsync();

        Assert.Equal(
            [
                // a BEFORE trigger sees stored generated columns before they are computed: NULL on
                // INSERT, the old value on UPDATE
                new QueuedEvent("I:order", "order=1&%c3%91%3d%26%25=v&user=u&g", "sch ä.x.tâble \"q\" &", null, null, null),
                new QueuedEvent("I:order", "order=2&%c3%91%3d%26%25&user=&g", "sch ä.x.tâble \"q\" &", null, null, null),
                new QueuedEvent("U:order", "order=1&%c3%91%3d%26%25=v&user=w&g=u%21", "sch ä.x.tâble \"q\" &", null, null, null),
                new QueuedEvent("D:order", "order=2&%c3%91%3d%26%25&user=&g=%21", "sch ä.x.tâble \"q\" &", null, null, null),
            ],
            events);
        Assert.Equal(1L, await Queue.Sql.ScalarAsync<long>(twins.Ours, "select count(*) from \"sch ä.x\".\"tâble \"\"q\"\" &\""));
    }

    [Fact]
    public async Task Every_byte_value_is_escaped_like_the_original()
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync("""
            create table bytes (id int primary key, t text);
            create trigger capture after insert on bytes for each row execute procedure pgq.logutriga('q');
            insert into bytes select c, chr(c) || 'x' || chr(c) from generate_series(1, 1000) c where c not between 55296 and 57343;
            insert into bytes values (100000, chr(128512) || chr(65279) || ' ~!*''()' || repeat('a b&', 200));
            """);

        var events = await twins.EventsAsync();

        Assert.Equal(1001, events.Count);
        Assert.Equal("id=32&t=+x+", events[31].Data);
        Assert.Equal("id=126&t=%7ex%7e", events[125].Data);
    }

    [Fact]
    public async Task Ignore_and_backup_leave_out_ignored_columns_and_skip_updates_of_them_alone()
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync("""
            create table t (a int, b text, c text, d int, primary key (d, a));
            create trigger capture after insert or update or delete on t
                for each row execute procedure pgq.logutriga('q', 'ignore=c', 'backup');
            insert into t values (1, 'x', 'y', 2);
            update t set c = 'z';
            update t set b = 'x';
            update t set b = 'w', c = 'q';
            delete from t;
            """);

        var events = await twins.EventsAsync();

        Assert.Equal(
            [
                new QueuedEvent("I:d,a", "a=1&b=x&d=2", "public.t", null, null, null),
                new QueuedEvent("U:d,a", "a=1&b=x&d=2", "public.t", "a=1&b=x&d=2", null, null),
                new QueuedEvent("U:d,a", "a=1&b=w&d=2", "public.t", "a=1&b=x&d=2", null, null),
                new QueuedEvent("D:d,a", "a=1&b=w&d=2", "public.t", null, null, null),
            ],
            events);
    }

    [Fact]
    public async Task Pkey_argument_names_the_key_columns_in_its_own_order()
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync("""
            create table nokey (a int, b text);
            create trigger capture after insert or update or delete on nokey
                for each row execute procedure pgq.logutriga('q', 'pkey=b,a');
            insert into nokey values (1, 'x');
            delete from nokey;
            """);

        var events = await twins.EventsAsync();

        Assert.Equal(["I:b,a", "D:b,a"], events.Select(e => e.Type));
    }

    [Fact]
    public async Task Insert_without_a_key_is_queued_and_truncate_queues_R()
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync("""
            create table nokey (a int);
            create trigger capture after insert or update or delete on nokey for each row execute procedure pgq.logutriga('q');
            create trigger capture_truncate after truncate on nokey for each statement execute procedure pgq.logutriga('q');
            insert into nokey values (1), (null);
            truncate nokey;
            """);

        var events = await twins.EventsAsync();

        Assert.Equal(
            [
                new QueuedEvent("I:", "a=1", "public.nokey", null, null, null),
                new QueuedEvent("I:", "a", "public.nokey", null, null, null),
                new QueuedEvent("R", "", "public.nokey", null, null, null),
            ],
            events);
    }

    [Fact]
    public async Task Skip_in_a_before_trigger_queues_the_change_but_does_not_store_it()
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync("""
            create table t (id int primary key, v text);
            create trigger capture before insert or update or delete on t for each row execute procedure pgq.logutriga('q', 'SKIP');
            insert into t values (1, 'one');
            """);

        var events = await twins.EventsAsync();

        Assert.Equal([new QueuedEvent("I:id", "id=1&v=one", "public.t", null, null, null)], events);
        Assert.Equal(0L, await Queue.Sql.ScalarAsync<long>(twins.Ours, "select count(*) from t"));
    }

    [Fact]
    public async Task When_and_field_expressions_see_the_row_columns_by_name()
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync("""
            create table t (id int primary key, v text);
            create trigger capture after insert or update or delete on t for each row execute procedure pgq.logutriga('q',
                'when=id > 1', 'ev_type=''custom:'' || id', 'ev_data=upper(v)', 'ev_extra1=v || v', 'ev_extra2=id * 10',
                'ev_extra3=null', 'ev_extra4=''four''');
            insert into t values (1, 'one'), (2, 'two');
            delete from t where id = 2;
            """);

        var events = await twins.EventsAsync();

        Assert.Equal(
            [
                new QueuedEvent("custom:2", "TWO", "twotwo", "20", null, "four"),
                new QueuedEvent("custom:2", "TWO", "twotwo", "20", null, "four"),
            ],
            events);
    }

    [Fact]
    public async Task Replication_role_local_queues_nothing()
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync("""
            create table t (id int primary key, v text);
            create trigger capture after insert or update or delete on t for each row execute procedure pgq.logutriga('q');
            set session_replication_role = local;
            insert into t values (1, 'one');
            update t set v = 'uno';
            delete from t;
            reset session_replication_role;
            """);

        Assert.Empty(await twins.EventsAsync());
    }

    [Theory]
    [InlineData("deny", "insert into t values (1, 'one')", "Table 'public.t' to queue 'q': change not allowed (INSERT)")]
    [InlineData("nonsense", "insert into t values (1, 'one')", "bad param to pgq trigger")]
    public async Task Bad_or_denying_arguments_raise_the_original_error(string argument, string statement, string message)
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync($"""
            create table t (id int primary key, v text);
            create trigger capture after insert or update or delete on t for each row execute procedure pgq.logutriga('q', '{argument}');
            """);

        Assert.Equal(message, await twins.ErrorAsync(statement));
    }

    [Theory]
    [InlineData("after insert", "row", "'q', 'when=id'", "when= query result must be boolean, got=23")]
    [InlineData("after insert", "row", "'q', 'when=null'", "when= query result must be boolean, got=25")]
    [InlineData("after insert", "row", "'q', 'when=v = ''b'''", "when= should not be NULL")]
    [InlineData("after insert", "row", "", "pgq trigger must have destination queue as argument")]
    [InlineData("after insert", "statement", "'q'", "pgq Ins/Upd/Del trigger must be fired FOR EACH ROW")]
    public async Task Misdeclared_triggers_and_bad_when_results_raise_the_original_error(
        string timing, string level, string arguments, string message)
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync($"""
            create table t (id int primary key, v text);
            create trigger capture {timing} on t for each {level} execute procedure pgq.logutriga({arguments});
            """);

        Assert.Equal(message, await twins.ErrorAsync("insert into t values (1, null)"));
    }

    [Fact]
    public async Task Skip_with_a_false_when_still_suppresses_the_row()
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync("""
            create table t (id int primary key, v text);
            create trigger capture before insert on t for each row execute procedure pgq.logutriga('q', 'SKIP', 'when=id > 5');
            insert into t values (1, 'a'), (6, 'b');
            """);

        Assert.Equal([new QueuedEvent("I:id", "id=6&v=b", "public.t", null, null, null)], await twins.EventsAsync());
        Assert.Equal(0L, await Queue.Sql.ScalarAsync<long>(twins.Ours, "select count(*) from t"));
    }

    [Fact]
    public async Task Deny_refuses_truncate_too()
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync("""
            create table t (id int primary key, v text);
            create trigger capture_truncate after truncate on t for each statement execute procedure pgq.logutriga('q', 'deny');
            """);

        Assert.Equal("Table 'public.t' to queue 'q': change not allowed (TRUNCATE)", await twins.ErrorAsync("truncate t"));
    }

    [Fact]
    public async Task Skip_in_an_after_trigger_is_an_error()
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync("""
            create table t (id int primary key, v text);
            create trigger capture after insert on t for each row execute procedure pgq.logutriga('q', 'SKIP');
            """);

        Assert.Equal("SKIP does not work in AFTER trigger.", await twins.ErrorAsync("insert into t values (1, 'one')"));
    }

    [Theory]
    [InlineData("update nokey set a = 2")]
    [InlineData("delete from nokey")]
    public async Task Update_or_delete_on_a_table_without_a_key_is_refused(string statement)
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync("""
            create table nokey (a int);
            insert into nokey values (1);
            create trigger capture after insert or update or delete on nokey for each row execute procedure pgq.logutriga('q');
            """);

        Assert.Equal("Update/Delete on table without pkey", await twins.ErrorAsync(statement));
    }

    [Theory]
    [InlineData("'q', 'ignore=v'", "Column ignore does not make sense for truncate trigger")]
    [InlineData("'q', 'pkey=id'", "Custom pkey_list does not make sense for truncate trigger")]
    [InlineData("'q', 'backup'", "Backup does not make sense for truncate trigger")]
    [InlineData("'q', 'ev_data=1'", "Custom expressions do not make sense for truncater trigger")]
    public async Task Row_arguments_on_a_truncate_trigger_are_refused(string arguments, string message)
    {
        await using var twins = await CreateTwinsAsync();
        await twins.ExecAsync($"""
            create table t (id int primary key, v text);
            create trigger capture_truncate after truncate on t for each statement execute procedure pgq.logutriga({arguments});
            """);

        Assert.Equal(message, await twins.ErrorAsync("truncate t"));
    }
}
