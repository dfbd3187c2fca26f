namespace PgQ.Tests.Triggers;

/// <summary>
/// pgq.jsontriga and pgq.sqltriga against the original PgQ 3.5 C triggers: the same DDL and DML on both databases
/// must queue byte-identical events (ev_type, ev_data, ev_extra1..4) and raise the same errors. Runs twice: with
/// the generic triggers, and with every AFTER ROW one switched to the per-table function
/// pgq.capture_jsontriga_function / pgq.capture_sqltriga_function makes (<paramref name="captureFunctions"/>).
/// </summary>
public abstract class FormatTriggerComparison(TriggerFixture fixture, bool captureFunctions)
{
    [Fact]
    public async Task Rows_of_many_types_in_an_odd_schema_queue_the_same_events_as_the_original()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions);
        await twins.ExecAsync(FormatTables.OddSchema);
        await twins.ExecAsync(FormatTables.Capture(FormatTables.OddTable, "after", "'q'"));
        await twins.ExecAsync(FormatTables.OddRows);

        var events = await twins.EventsAsync();

        Assert.Equal(16, events.Count);
        Assert.Equal(
            "{\"op\":\"INSERT\",\"table\":[\"Odd S\",\"Mixed \\\"Case\\\" ü\"],\"pkey\":[\"Id\",\"select\"]}", events[0].Type);
        Assert.All(events, e => Assert.Equal("Odd S.Mixed \"Case\" ü", e.Extra1));
        Assert.Equal(["I", "I", "I", "U", "U", "U", "D", "D"], events.Where((_, i) => i % 2 == 1).Select(e => e.Type));
        // NULL vs empty, bytea without bytes, infinities, empty range and array, an enum with a 4-byte character
        Assert.Equal(
            "(\"Id\",\"select\",\"ünï 😀\",b,n,f4,f8,i2,i8,ts,tsn,d,tm,tmz,iv,arr,tarr,j,jb,u,ip,ci,mac,r,tr,m,p,dp,dt,bo,o,mo,bits,x,ch,vc,g) " +
            "values ('2','','',E'\\\\x','0','1.5','0','0','-1','-infinity','infinity','infinity','00:00:00','00:00:00+00','00:00:00'," +
            "'{}','{}','null','[]',null,'::1','::/0',null,'empty',null,'ü😀','(,)',null,'','f','0','$0.00','','','   ','','4')",
            events[3].Data);
        Assert.StartsWith("{\"Id\":2,\"select\":\"\",\"ünï 😀\":\"\",\"b\":\"\\\\x\",\"n\":\"0\",\"f4\":\"1.5\",\"f8\":\"0\",\"i2\":0,\"i8\":-1," +
                          "\"ts\":\"-infinity\",\"tsn\":\"infinity\",\"d\":\"infinity\"", events[2].Data);
        Assert.Equal("\"ünï 😀\"='x~y',n='-0.00000000005',f8='1e-300',ts='2038-01-18 23:44:08-03:30',arr='{{1,NULL},{3,5}}',p='(2,)' " +
                     "where \"Id\"='1' and \"select\"='a&b=c%d+e f'", events[7].Data);
        Assert.Equal("\"Id\"='3' where \"Id\"='3' and \"select\"='n'", events[11].Data);
        Assert.All(events, e => Assert.Null(e.Extra2));
    }

    [Fact]
    public async Task A_table_wider_than_a_function_call_takes_queues_the_same_events_as_the_original()
    {
        // 120 columns: more than the 100 arguments one pg_catalog.format or concat_ws call takes (the made
        // functions write their rows with such calls), a name with % in it, NULLs, an update that changes nothing.
        var columns = string.Join(", ", Enumerable.Range(1, 119).Select(i => i % 7 == 0 ? $"\"c%{i}\" numeric" : $"c{i} text"));
        var values = string.Join(", ", Enumerable.Range(1, 119).Select(i => i % 5 == 0 ? "null" : i % 7 == 0 ? $"{i}.5" : $"'v{i}'"));
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions);
        await twins.ExecAsync($"create table wide (id int primary key, {columns})");
        await twins.ExecAsync(FormatTables.Capture("wide", "after", "'q'"));
        await twins.ExecAsync($"""
            insert into wide values (1, {values});
            update wide set c1 = null, c2 = 'changed', "c%7" = 0 where id = 1;
            update wide set c3 = c3 where id = 1;
            delete from wide;
            """);

        var events = await twins.EventsAsync();

        Assert.Equal(8, events.Count);
        Assert.Contains("\"c%7\":\"7.5\"", events[0].Data);
        Assert.EndsWith("'v118','119.5')", events[1].Data);
        Assert.Equal("c1=NULL,c2='changed',\"c%7\"='0' where id='1'", events[3].Data);
    }

    [Fact]
    public async Task Rows_of_the_types_row_to_json_writes_like_the_original_queue_the_same_events()
    {
        // Only types whose row_to_json form is the C trigger's: the made jsontriga function writes such a
        // row with one row_to_json call (see pgq._capture_format_function).
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions);
        await twins.ExecAsync(""""
            create table "Dir ü" ("Id ""q""" int8 primary key, i2 int2, i4 int4, bo bool, d date, ts timestamp, tz timestamptz,
                t text, vc varchar(9), ch char(4), nm name, c1 "char", tm time, ttz timetz, iv interval, u uuid, ip inet, ci cidr,
                mac macaddr, m8 macaddr8, b bytea, o oid, bi bit(3), vb varbit, mo money, x xml,
                g text generated always as (t || '!') stored);
            """");
        await twins.ExecAsync(FormatTables.Capture("\"Dir ü\"", "after", "'q'"));
        await twins.ExecAsync(""""
            set timezone = 'Asia/Kolkata';
            set datestyle = 'SQL, DMY';
            insert into "Dir ü" values
                (1, -32768, 2147483647, true, '4713-01-01 BC', '2020-02-29 23:59:59.999999', '1800-07-01 10:00:00.5+00',
                 E'q"\\ \n\t\u0001 ü😀', 'a''b', 'ab', 'n"m', 'x', '24:00', '12:00+05:30', '-1 year 2 mons -00:00:01.5',
                 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '::ffff:1.2.3.4/120', '10.0.0.0/8', '08:00:2b:01:02:03',
                 '08:00:2b:01:02:03:04:05', '\x00ff', 4294967295, B'101', B'', 12.34, '<a>&amp;</a>'),
                (2, null, null, false, 'infinity', '-infinity', 'infinity', '', '', '', '', '', null, null, '0', null, null, null,
                 null, null, '\x', 0, null, null, null, ''),
                (3, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                 null, null, null, null, null, null, null, null);
            update "Dir ü" set t = 'changed', tz = '2038-01-19 03:14:08+00', bo = null where "Id ""q""" = 1;
            update "Dir ü" set iv = iv where "Id ""q""" = 2;
            delete from "Dir ü" where "Id ""q""" in (1, 3);
            """");

        var events = await twins.EventsAsync();

        Assert.Equal(14, events.Count);
        Assert.StartsWith("{\"Id \\\"q\\\"\":1,\"i2\":-32768,\"i4\":2147483647,\"bo\":true,\"d\":\"4713-01-01 BC\"", events[0].Data);
    }

    [Fact]
    public async Task Before_triggers_ignore_lists_with_spaces_and_generated_columns_match_the_original()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions);
        await twins.ExecAsync("""
            create table t (id int primary key, v text, w text, g text generated always as (v || '!') stored);
            create trigger j before insert or update or delete on t for each row execute procedure pgq.jsontriga('q', 'ignore=w');
            create trigger s before insert or update or delete on t for each row execute procedure pgq.sqltriga('q', 'ignore= x,w');
            insert into t values (1, 'a', 'b'), (2, null, null);
            update t set v = 'c' where id = 1;
            update t set w = 'z' where id = 1;
            update t set w = 'y', v = 'd' where id = 1;
            update t set v = v;
            delete from t where id = 2;
            """);

        var events = await twins.EventsAsync();

        Assert.Equal(14, events.Count);
        Assert.Equal("{\"id\":1,\"v\":\"c\",\"g\":\"a!\"}", events[4].Data);
        Assert.Equal("v='c' where id='1'", events[5].Data);
        // an update of the ignored column alone queues nothing; an update that changes nothing sets the first key
        Assert.Equal("v='d' where id='1'", events[7].Data);
        Assert.Equal("id='2' where id='2'", events[9].Data);
        Assert.Equal(1L, await Queue.Sql.ScalarAsync<long>(twins.Ours, "select count(*) from t"));
    }

    [Fact]
    public async Task Dates_and_times_match_the_original_under_any_DateStyle_and_time_zone()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions);
        await twins.ExecAsync("""
            create table t (id int primary key, ts timestamptz, tsn timestamp, d date, tr tstzrange, "ts ü" timestamptz,
                g timestamp generated always as (tsn + interval '1 day') stored);
            create trigger j before insert or update or delete on t for each row execute procedure pgq.jsontriga('q', 'backup');
            create trigger s before insert or update or delete on t for each row execute procedure pgq.sqltriga('q', 'backup');
            set timezone = 'Asia/Kolkata'; set datestyle = 'SQL, DMY';
            insert into t values (1, '2020-01-01 10:00:00.5+00', '2020-01-02 03:04:05', '2020-03-04', '[2020-01-01,2020-02-01)', '2020-01-01');
            set timezone = 'America/St_Johns'; set datestyle = 'Postgres, MDY';
            insert into t values (2, '2020-07-01 10:00:00.5+00', '2020-01-02 03:04:05', '2020-03-04', null, null);
            set timezone = 'Europe/Dublin'; set datestyle = 'German';
            insert into t values (3, '2020-07-01 10:00:00.5+00', '2020-01-02 03:04:05', '2020-03-04', null, 'infinity');
            insert into t values (4, '1800-07-01 10:00:00.5+00', '0044-01-02 03:04:05 BC', '4713-01-01 BC', '(,)', '-infinity');
            update t set ts = ts + interval '1 hour', "ts ü" = '2026-11-24 13:32:17.765377+00';
            delete from t where id = 4;
            """);

        var events = await twins.EventsAsync();

        Assert.Equal(18, events.Count);
        // Kolkata's IST and the local mean time of 1800 would not read back from their SQL/German-style text.
        Assert.Equal("{\"id\":1,\"ts\":\"2020-01-01T15:30:00.5+05:30\",\"tsn\":\"2020-01-02T03:04:05\",\"d\":\"2020-03-04\"," +
                     "\"tr\":\"[\\\"01/01/2020 00:00:00 IST\\\",\\\"01/02/2020 00:00:00 IST\\\")\",\"ts ü\":\"2020-01-01T00:00:00+05:30\",\"g\":null}",
                     events[0].Data);
        Assert.StartsWith("{\"id\":4,\"ts\":\"1800-07-01T10:34:39.5-00:25:21\",\"tsn\":\"0044-01-02T03:04:05 BC\",\"d\":\"4713-01-01 BC\"",
                          events[14].Data);
    }

    [Fact]
    public async Task Ignore_and_pkey_lists_match_column_names_like_the_original()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions);
        await twins.ExecAsync("""
            create table t (id int primary key, "Key 2" text, v text, w text);
            create trigger j after insert or update or delete on t for each row execute procedure pgq.jsontriga('q', 'ignore=id,w');
            create trigger s after insert or update or delete on t for each row execute procedure pgq.sqltriga('q', 'ignore=id,w');
            insert into t values (1, 'a', 'b', 'c');
            update t set v = 'x';
            update t set w = 'y';
            delete from t;
            create table t2 (id int, "Key 2" text, v text);
            create trigger j after insert or update or delete on t2 for each row execute procedure pgq.jsontriga('q', 'pkey=Key 2,nosuch');
            create trigger s after insert or update or delete on t2 for each row execute procedure pgq.sqltriga('q', 'pkey=Key 2,id', 'ignore=id,"Key 2",v');
            insert into t2 values (1, 'a', 'b');
            update t2 set v = 'x';
            delete from t2;
            create table t3 (id int primary key, v text, vv text);
            create trigger j after insert or update or delete on t3 for each row execute procedure pgq.jsontriga('q', 'ignore=id,v');
            create trigger s after insert or update or delete on t3 for each row execute procedure pgq.sqltriga('q', E'ignore=\tvv  id\n');
            insert into t3 values (1, 'a', 'x');
            update t3 set v = 'b';
            update t3 set v = 'b';
            delete from t3;
            """);

        var events = await twins.EventsAsync();

        Assert.Equal(18, events.Count);
        // a key column may be ignored (left out of the data) and still name the row
        Assert.Equal("v='x' where id='1'", events[3].Data);
        // "Key 2" is found in 'Key 2,id' (the name has a space, the list separates at ',' or space)
        Assert.Equal("id='1' and \"Key 2\"='a'", events[10].Data);
        // 'v' is not in '\tvv  id\n', 'vv' and 'id' are
        Assert.Equal("(v) values ('a')", events[12].Data);
    }

    [Fact]
    public async Task Columns_and_keys_changed_by_DDL_in_the_same_session_are_picked_up_like_the_original()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions);
        await twins.ExecAsync("""
            create table t (id int primary key, v text, ts timestamptz);
            create trigger j after insert or update or delete on t for each row execute procedure pgq.jsontriga('q');
            create trigger s after insert or update or delete on t for each row execute procedure pgq.sqltriga('q');
            set timezone = 'UTC';
            insert into t values (1, 'a', '2020-01-01');
            alter table t add column d date default '2021-02-03';
            insert into t values (2, 'b', '2020-01-02');
            alter table t drop column v;
            insert into t values (3, '2020-01-03', '2022-01-01');
            alter table t rename column ts to "TS x";
            update t set "TS x" = '1999-01-01' where id = 1;
            alter table t drop constraint t_pkey;
            alter table t add primary key (d, id);
            delete from t where id = 2;
            """);

        var events = await twins.EventsAsync();

        Assert.Equal(10, events.Count);
        Assert.Equal("{\"id\":1,\"TS x\":\"1999-01-01T00:00:00+00:00\",\"d\":\"2021-02-03\"}", events[6].Data);
        Assert.Equal("{\"op\":\"DELETE\",\"table\":[\"public\",\"t\"],\"pkey\":[\"d\",\"id\"]}", events[8].Type);
        Assert.Equal("id='2' and d='2021-02-03'", events[9].Data);
    }

    [Fact]
    public async Task Magic_pgq_ev_columns_fill_event_fields_like_the_original()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions);
        await twins.ExecAsync("""
            create table t (id int primary key, v text, _pgq_ev_type text, _pgq_ev_extra3 text);
            create trigger j after insert or update or delete on t for each row execute procedure pgq.jsontriga('q');
            create trigger s after insert or update or delete on t for each row execute procedure pgq.sqltriga('q', 'backup');
            create trigger jt after truncate on t for each statement execute procedure pgq.jsontriga('q');
            create trigger st after truncate on t for each statement execute procedure pgq.sqltriga('q');
            insert into t values (1, 'a', 'TT', null);
            update t set v = 'b', _pgq_ev_extra3 = 'x3';
            update t set _pgq_ev_type = 'ZZ';
            delete from t;
            insert into t values (2, 'a', null, 'q');
            truncate t;
            create table t3 (id int primary key, v text, _pgq_ev_data text);
            create trigger j after insert or update or delete on t3 for each row execute procedure pgq.jsontriga('q', 'ignore=v', 'ev_extra1=id');
            create trigger s after insert or update or delete on t3 for each row execute procedure pgq.sqltriga('q', 'ignore=v', 'when=id > 1');
            insert into t3 values (1, 'a', 'D1'), (2, 'b', 'D2');
            update t3 set _pgq_ev_data = 'D3';
            update t3 set v = 'z';
            create table t2 (id int primary key, _pgq_ev_foo text);
            create trigger s after insert or update or delete on t2 for each row execute procedure pgq.sqltriga('q', 'when=false');
            """);

        var events = await twins.EventsAsync();
        // last: Npgsql drops a connection after the original's errors (SQLSTATE XX000)
        Assert.Equal("Unknown magic column: _pgq_ev_foo", await twins.ErrorAsync("insert into t2 values (1, 'a')"));

        Assert.Equal(14, events.Count);
        Assert.Equal(new QueuedEvent("TT", "v='b' where id='1'", "public.t", "id=1&v=a", "x3", null), events[3]);
        // a change of a magic column alone: jsontriga (no ignore list) queues it, sqltriga does not
        Assert.Equal(new QueuedEvent("ZZ", "{\"id\":1,\"v\":\"b\"}", "public.t", null, "x3", null), events[4]);
        Assert.Equal(new QueuedEvent(null, "(id,v) values ('2','a')", "public.t", null, "q", null), events[8]);
        Assert.Equal(new QueuedEvent("I", "D2", "public.t3", null, null, null), events[13]);
    }

    [Fact]
    public async Task Backup_puts_the_old_row_in_extra2_as_json_or_urlencoded_and_truncate_is_queued()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions);
        await twins.ExecAsync("""
            create table t2 (id int, k2 text, v text, ig text, d date, ts timestamp, primary key (k2, id));
            create trigger j after insert or update or delete on t2 for each row execute procedure pgq.jsontriga('q', 'backup', 'ignore=ig');
            create trigger s after insert or update or delete on t2 for each row execute procedure pgq.sqltriga('q', 'backup', 'ignore=ig');
            create trigger jt after truncate on t2 for each statement execute procedure pgq.jsontriga('q');
            create trigger st after truncate on t2 for each statement execute procedure pgq.sqltriga('q');
            set timezone = 'Asia/Kolkata';
            insert into t2 values (1, 'a', 'x', 'i', '2020-02-03', '2020-01-01 10:00:00.120');
            update t2 set v = 'y', ig = 'k' where id = 1;
            delete from t2 where id = 1;
            truncate t2;
            """);

        var events = await twins.EventsAsync();

        Assert.Equal(
            [
                new QueuedEvent("{\"op\":\"INSERT\",\"table\":[\"public\",\"t2\"],\"pkey\":[\"k2\",\"id\"]}",
                    "{\"id\":1,\"k2\":\"a\",\"v\":\"x\",\"d\":\"2020-02-03\",\"ts\":\"2020-01-01T10:00:00.12\"}", "public.t2", null, null, null),
                new QueuedEvent("I", "(id,k2,v,d,ts) values ('1','a','x','2020-02-03','2020-01-01 10:00:00.12')", "public.t2", null, null, null),
                new QueuedEvent("{\"op\":\"UPDATE\",\"table\":[\"public\",\"t2\"],\"pkey\":[\"k2\",\"id\"]}",
                    "{\"id\":1,\"k2\":\"a\",\"v\":\"y\",\"d\":\"2020-02-03\",\"ts\":\"2020-01-01T10:00:00.12\"}", "public.t2",
                    "{\"id\":1,\"k2\":\"a\",\"v\":\"x\",\"d\":\"2020-02-03\",\"ts\":\"2020-01-01T10:00:00.12\"}", null, null),
                new QueuedEvent("U", "v='y' where id='1' and k2='a'", "public.t2", "id=1&k2=a&v=x&d=2020-02-03&ts=2020-01-01+10%3a00%3a00.12", null, null),
                new QueuedEvent("{\"op\":\"DELETE\",\"table\":[\"public\",\"t2\"],\"pkey\":[\"k2\",\"id\"]}",
                    "{\"id\":1,\"k2\":\"a\",\"v\":\"y\",\"d\":\"2020-02-03\",\"ts\":\"2020-01-01T10:00:00.12\"}", "public.t2", null, null, null),
                new QueuedEvent("D", "id='1' and k2='a'", "public.t2", null, null, null),
                new QueuedEvent("{\"op\":\"TRUNCATE\",\"table\":[\"public\",\"t2\"],\"pkey\":[\"k2\",\"id\"]}", "{}", "public.t2", null, null, null),
                new QueuedEvent("R", "", "public.t2", null, null, null),
            ],
            events);
    }

    [Theory]
    [InlineData("", 12)]
    [InlineData("update s1 set c = 'm'", 0)]
    [InlineData("update nokey set a = 3", 0)]
    [InlineData("delete from nokey", 0)]
    public async Task Pkey_argument_tables_without_key_and_null_keys_behave_like_the_original(string failing, int count)
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions);
        await twins.ExecAsync("""
            create table s1 (a int, b text, c text);
            create trigger j after insert or update or delete on s1 for each row execute procedure pgq.jsontriga('q', 'pkey=b,a');
            create trigger s after insert or update or delete on s1 for each row execute procedure pgq.sqltriga('q', 'pkey=b, a');
            insert into s1 values (1, 'x', 'y');
            update s1 set c = 'z';
            delete from s1;
            insert into s1 values (2, null, 'n');
            create table nokey (a int);
            create trigger j after insert or update or delete on nokey for each row execute procedure pgq.jsontriga('q');
            create trigger s after insert or update or delete on nokey for each row execute procedure pgq.sqltriga('q');
            insert into nokey values (2), (null);
            """);
        if (failing.Length > 0)
        {
            // a NULL in a key column (the pkey= argument allows it), or no key at all
            var expected = failing.StartsWith("update s1", StringComparison.Ordinal)
                ? "logtriga: Unexpected NULL key value"
                : "Update/Delete on table without pkey";
            Assert.Equal(expected, await twins.ErrorAsync(failing));
            return;
        }

        var events = await twins.EventsAsync();

        Assert.Equal(count, events.Count);
        Assert.Equal("{\"op\":\"UPDATE\",\"table\":[\"public\",\"s1\"],\"pkey\":[\"b\",\"a\"]}", events[2].Type);
        Assert.Equal("c='z' where a='1' and b='x'", events[3].Data);
        Assert.Equal("{\"op\":\"INSERT\",\"table\":[\"public\",\"nokey\"],\"pkey\":[]}", events[10].Type);
    }

    [Fact]
    public async Task When_and_field_expressions_and_skip_match_the_original()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions);
        await twins.ExecAsync("""
            create table sk (id int primary key, v text);
            create trigger s after insert or update or delete on sk for each row execute procedure pgq.sqltriga('q', 'when=id > 1',
                'ev_type=''custom:'' || id', 'ev_data=upper(v)', 'ev_extra1=v || v', 'ev_extra2=id * 10', 'ev_extra3=null', 'ev_extra4=''four''');
            create trigger j after insert or update or delete on sk for each row execute procedure pgq.jsontriga('q', 'when=id > 1',
                'ev_type=''custom:'' || id', 'ev_data=upper(v)', 'ev_extra1=v || v', 'ev_extra2=id * 10', 'ev_extra3=null', 'ev_extra4=''four''');
            insert into sk values (1, 'a'), (6, 'b');
            update sk set v = 'c';
            delete from sk where id = 6;
            create table sk2 (id int primary key, v text);
            create trigger j before insert on sk2 for each row execute procedure pgq.jsontriga('q', 'SKIP', 'when=id > 5');
            create trigger s before insert on sk2 for each row execute procedure pgq.sqltriga('q', 'SKIP');
            insert into sk2 values (1, 'a'), (6, 'b');
            """);

        var events = await twins.EventsAsync();

        Assert.Equal(7, events.Count);
        Assert.Equal(["bb", "bb", "cc", "cc", "cc", "cc"], events.Take(6).Select(e => e.Extra1));
        Assert.All(events.Take(6), e => Assert.Equal(("custom:6", "60", null as string, "four"), (e.Type, e.Extra2, e.Extra3, e.Extra4)));
        Assert.Equal("{\"id\":6,\"v\":\"b\"}", events[6].Data);
        Assert.Equal(0L, await Queue.Sql.ScalarAsync<long>(twins.Ours, "select count(*) from sk2"));
    }

    [Fact]
    public async Task Replication_role_local_queues_nothing()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions);
        await twins.ExecAsync("""
            create table t (id int primary key, v text);
            create trigger j after insert or update or delete on t for each row execute procedure pgq.jsontriga('q');
            create trigger s after insert or update or delete on t for each row execute procedure pgq.sqltriga('q', 'nonsense');
            set session_replication_role = local;
            insert into t values (1, 'one');
            update t set v = 'uno';
            delete from t;
            reset session_replication_role;
            """);

        Assert.Empty(await twins.EventsAsync());
    }

    [Theory]
    [InlineData("jsontriga", "after insert", "row", "'q', 'deny'", "Table 'public.e' to queue 'q': change not allowed (INSERT)")]
    [InlineData("sqltriga", "after insert", "row", "'q', 'nonsense'", "bad param to pgq trigger")]
    [InlineData("sqltriga", "after insert", "row", "'q', 'SKIP'", "SKIP does not work in AFTER trigger.")]
    [InlineData("jsontriga", "after insert", "row", "'q', 'when=id'", "when= query result must be boolean, got=23")]
    [InlineData("sqltriga", "after insert", "row", "'q', 'when=v = ''b'''", "when= should not be NULL")]
    [InlineData("sqltriga", "after insert", "row", "", "pgq trigger must have destination queue as argument")]
    [InlineData("jsontriga", "after insert", "statement", "'q'", "pgq Ins/Upd/Del trigger must be fired FOR EACH ROW")]
    [InlineData("sqltriga", "after truncate", "statement", "'q', 'ignore=v'", "Column ignore does not make sense for truncate trigger")]
    [InlineData("jsontriga", "after truncate", "statement", "'q', 'pkey=v'", "Custom pkey_list does not make sense for truncate trigger")]
    [InlineData("jsontriga", "after truncate", "statement", "'q', 'backup'", "Backup does not make sense for truncate trigger")]
    [InlineData("sqltriga", "after truncate", "statement", "'q', 'ev_data=1'", "Custom expressions do not make sense for truncater trigger")]
    [InlineData("sqltriga", "after truncate", "statement", "'q', 'deny'", "Table 'public.e' to queue 'q': change not allowed (TRUNCATE)")]
    [InlineData("jsontriga", "after update", "row", "'q', 'pkey='", "Update/Delete on table without pkey")]
    [InlineData("sqltriga", "after update", "row", "'q', 'pkey='", "Update/Delete on table without pkey")]
    public async Task Misdeclared_triggers_and_bad_arguments_raise_the_original_error(
        string function, string timing, string level, string arguments, string message)
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions);
        await twins.ExecAsync($"""
            create table e (id int primary key, v text);
            insert into e values (1, 'a');
            create trigger capture {timing} on e for each {level} execute procedure pgq.{function}({arguments});
            """);
        var statement = timing switch
        {
            "after truncate" => "truncate e",
            "after update" => "update e set v = 'x'",
            _ => "insert into e values (2, null)",
        };

        Assert.Equal(message, await twins.ErrorAsync(statement));
    }

    [Fact]
    public async Task A_key_update_is_captured_with_the_old_key_where_the_original_refuses_it()
    {
        await using var twins = await fixture.CreateTwinsAsync(captureFunctions);
        await twins.ExecAsync("""
            create table t (id int, k text, v text, primary key (id, k));
            create trigger j after insert or update or delete on t for each row execute procedure pgq.jsontriga('q');
            create trigger s after insert or update or delete on t for each row execute procedure pgq.sqltriga('q');
            insert into t values (1, 'a', 'x');
            """);
        if (twins.Original is not null)
        {
            await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Queue.Sql.ExecAsync(twins.Original, "update t set id = 2"));
        }

        await Queue.Sql.ExecAsync(twins.Ours, "update t set id = 2, v = 'y'; update t set k = 'b'");
        var events = await TwinDatabases.ReadEventsAsync(twins.Ours);

        Assert.Equal(
            [
                new QueuedEvent("{\"op\":\"UPDATE\",\"table\":[\"public\",\"t\"],\"pkey\":[\"id\",\"k\"]}",
                    "{\"id\":2,\"k\":\"a\",\"v\":\"y\"}", "public.t", "{\"id\":1,\"k\":\"a\"}", null, null),
                new QueuedEvent("U", "id='2',v='y' where id='1' and k='a'", "public.t", null, null, null),
                new QueuedEvent("{\"op\":\"UPDATE\",\"table\":[\"public\",\"t\"],\"pkey\":[\"id\",\"k\"]}",
                    "{\"id\":2,\"k\":\"b\",\"v\":\"y\"}", "public.t", "{\"id\":2,\"k\":\"a\"}", null, null),
                new QueuedEvent("U", "k='b' where id='2' and k='a'", "public.t", null, null, null),
            ],
            events.Skip(2));
    }
}
