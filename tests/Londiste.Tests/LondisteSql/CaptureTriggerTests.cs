namespace Londiste.Tests.LondisteSql;

/// <summary>The capture triggers local_add_table and local_change_handler create: same names, functions, arguments.</summary>
public sealed class CaptureTriggerTests(LondisteOnOriginalFixture fixture) : IClassFixture<LondisteOnOriginalFixture>
{
    [Fact]
    public async Task The_root_gets_a_logutriga_row_trigger_and_a_truncate_trigger_that_queue_the_changes()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.RootAsync();
        await twins.ExecAsync("create table t1 (id int primary key, v text)");
        await twins.SameLineAsync("select * from londiste.local_add_table('q', 't1')");
        var truncateFunction = await TruncateFunctionAsync(twins);
        Assert.Equal(
        [
            "_londiste_q|CREATE TRIGGER _londiste_q AFTER INSERT OR DELETE OR UPDATE ON public.t1 FOR EACH ROW EXECUTE FUNCTION pgq.logutriga('q')",
            $"_londiste_q_truncate|CREATE TRIGGER _londiste_q_truncate AFTER TRUNCATE ON public.t1 FOR EACH STATEMENT EXECUTE FUNCTION {truncateFunction}('q')",
        ], await twins.SameTriggersAsync("t1"));
        await twins.ExecAsync("insert into t1 values (1, 'a b'); update t1 set v = 'c' where id = 1; delete from t1; truncate t1");
        Assert.Equal(
        [
            "londiste.add-table|public.t1|∅|∅",
            "I:id|id=1&v=a+b|public.t1|∅",
            "U:id|id=1&v=c|public.t1|∅",
            "D:id|id=1&v=c|public.t1|∅",
            "R||public.t1|∅",
        ], await twins.SameEventsAsync());
    }

    [Fact]
    public async Task Trigger_arguments_and_tgflags_shape_the_trigger()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.RootAsync();
        await twins.ExecAsync("""
            create table t1 (id int primary key, v text);
            create table t2 (id int primary key, v text);
            create table t3 (id int primary key, v text);
            create table t4 (id int primary key, v text)
            """);
        await twins.SameLineAsync("select * from londiste.local_add_table('q', 't1', array['ignore=v', 'backup', 'when=true', 'expect_sync', 'merge_all'])");
        await twins.SameTriggersAsync("t1");
        Assert.Equal("200|Table added with no triggers: public.t4", await twins.SameLineAsync("select * from londiste.local_add_table('q', 't4', array['no_triggers'])"));
        Assert.Empty(await twins.SameTriggersAsync("t4"));
        await twins.SameLineAsync("select * from londiste.local_add_table('q', 't3', array['tgflags=ALDU'])");
        await twins.SameTriggersAsync("t3");

        if (await twins.OursHasAsync("pgq.sqltriga"))
        {
            await twins.SameLineAsync("select * from londiste.local_add_table('q', 't2', array['tgflags=QBIU'])");
            Assert.Contains("_londiste_q|CREATE TRIGGER _londiste_q BEFORE INSERT OR UPDATE ON public.t2 FOR EACH ROW EXECUTE FUNCTION pgq.sqltriga('q')",
                await twins.SameTriggersAsync("t2"));
        }
        else
        {
            // Our own pgq has no sqltriga (yet): a clear refusal instead of a failing CREATE TRIGGER.
            Assert.Equal("404|Trigger creation failed for table public.t2: Trigger function pgq.sqltriga does not exist",
                await twins.Ours.LineAsync("select * from londiste.local_add_table('q', 't2', array['tgflags=QBIU'])"));
        }
        if (await twins.OursHasAsync("pgq.jsontriga"))
        {
            await twins.ExecAsync("create table t5 (id int primary key)");
            await twins.SameLineAsync("select * from londiste.local_add_table('q', 't5', array['tgflags=JDA'])");
            await twins.SameTriggersAsync("t5");
        }
    }

    [Fact]
    public async Task Tgflags_J_and_Q_get_the_per_table_functions_that_queue_the_originals_events()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.RootAsync();
        await twins.ExecAsync("""
            create table tj (id int primary key, v text, n numeric, ts timestamp);
            create table tq (id int primary key, v text, n numeric, ts timestamp)
            """);
        await twins.SameLineAsync("select * from londiste.local_add_table('q', 'tj', array['tgflags=J'])");
        await twins.SameLineAsync("select * from londiste.local_add_table('q', 'tq', array['tgflags=QAIUD', 'backup'])");
        await twins.SameTriggersAsync("tj");
        await twins.SameTriggersAsync("tq");
        // ours: the made functions, not the generic triggers
        Assert.Equal(
            ["_londiste_q|_jsontriga_", "_londiste_q|_sqltriga_"],
            await twins.Ours.LinesAsync("""
                select g.tgname, substring(p.proname from '^_[a-z]+_') from pg_trigger g join pg_proc p on p.oid = g.tgfoid
                 where g.tgrelid in ('tj'::regclass, 'tq'::regclass) and g.tgname = '_londiste_q' order by g.tgrelid::regclass::text
                """));
        await twins.ExecAsync("""
            set timezone = 'UTC';
            insert into tj values (1, 'a&b', 1.50, '2026-11-24 10:00'), (2, null, null, null);
            insert into tq values (1, 'a''b', 1.50, '2026-11-24 10:00'), (2, null, null, null);
            update tj set v = 'c', n = 2 where id = 1;
            update tq set v = 'c', n = 2 where id = 1;
            delete from tj where id = 2;
            delete from tq where id = 2;
            truncate tj, tq;
            """);

        var events = await twins.SameEventsAsync();

        Assert.Equal(12, events.Count);
        Assert.Equal("{\"op\":\"UPDATE\",\"table\":[\"public\",\"tj\"],\"pkey\":[\"id\"]}|{\"id\":1,\"v\":\"c\",\"n\":\"2\",\"ts\":\"2026-11-24T10:00:00\"}|public.tj|∅",
            events[6]);
        Assert.Equal("U|v='c',n='2' where id='1'|public.tq|id=1&v=a%27b&n=1.50&ts=2026-11-24+10%3a00%3a00", events[7]);
    }

    [Fact]
    public async Task A_renamed_destination_table_puts_the_queue_wide_name_into_ev_extra1()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.RootAsync();
        await twins.ExecAsync("create table t1_real (id int primary key, v text)");
        Assert.Equal("200|Table added: public.t1(public.t1_real)",
            await twins.SameLineAsync("select * from londiste.local_add_table('q', 't1', null, null, 't1_real')"));
        await twins.SameTriggersAsync("t1_real");
        await twins.ExecAsync("insert into t1_real values (1, 'x')");
        Assert.Equal("I:id|id=1&v=x|public.t1|∅", (await twins.SameEventsAsync())[^1]);
        Assert.Equal(["public.t1|t|ok|∅|∅|∅|∅|0|public.t1_real"], await twins.SameAsync("select * from londiste.get_table_list('q')"));
    }

    [Fact]
    public async Task Skip_triggers_are_prefixed_and_an_after_trigger_next_to_one_is_refused()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.RootAsync();
        await twins.ExecAsync("create table t1 (id int primary key, v text)");
        await twins.SameLineAsync("select * from londiste.local_add_table('q', 't1', array['tgflags=BI', 'SKIP'])");
        await twins.SameTriggersAsync("t1");
        Assert.Equal("403|Trigger creation failed for table public.t1: AFTER trigger cannot work with SKIP trigger(s)",
            await twins.SameLineAsync("select * from londiste.local_change_handler('q', 'public.t1', array['tgflags=AI'], 'h=1')"));
        Assert.Equal("200|Handler changed for table: public.t1",
            await twins.SameLineAsync("select * from londiste.local_change_handler('q', 'public.t1', array['tgflags=BU'], 'h=2')"));
        await twins.SameTriggersAsync("t1");
        Assert.Equal("404|no such local table: t1", await twins.SameLineAsync("select * from londiste.local_change_handler('q', 't1', null, null)"));
        Assert.Equal("400|No such set: nq", await twins.SameLineAsync("select * from londiste.local_change_handler('nq', 't1', null, null)"));
    }

    [Fact]
    public async Task Leaf_triggers_deny_local_writes()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.SubscriberAsync();
        await twins.ExecAsync("create table t1 (id int primary key); select londiste.global_add_table('q', 't1')");
        await twins.SameLineAsync("select * from londiste.local_add_table('q', 't1')");
        var truncateFunction = await TruncateFunctionAsync(twins);
        Assert.Equal(
        [
            "_londiste_q|CREATE TRIGGER _londiste_q AFTER INSERT OR DELETE OR UPDATE ON public.t1 FOR EACH ROW EXECUTE FUNCTION pgq.logutriga('q', 'deny')",
            $"_londiste_q_truncate|CREATE TRIGGER _londiste_q_truncate AFTER TRUNCATE ON public.t1 FOR EACH STATEMENT EXECUTE FUNCTION {truncateFunction}('q', 'deny')",
        ], await twins.SameTriggersAsync("t1"));
        await twins.SameErrorAsync("insert into t1 values (1)");
    }

    [Fact]
    public async Task A_table_without_primary_key_is_refused_unless_key_columns_are_given()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.RootAsync();
        await twins.ExecAsync("create table nokey (a int, b text)");
        Assert.Equal("400|Primary key missing on table: public.nokey", await twins.SameLineAsync("select * from londiste.local_add_table('q', 'nokey')"));
        Assert.Empty(await twins.SameAsync("select * from londiste.get_table_list('q')"));

        // Deliberate difference: the original refuses it even with pkey=, although its capture
        // functions accept pkey=; we take the given key columns.
        Assert.Equal("400|Primary key missing on table: public.nokey",
            await twins.Original.LineAsync("select * from londiste.local_add_table('q', 'nokey', array['pkey=a'])"));
        Assert.Equal("400|Key column x (pkey=) not found on table: public.nokey",
            await twins.Ours.LineAsync("select * from londiste.local_add_table('q', 'nokey', array['pkey=a,x'])"));
        Assert.Equal("200|Table added: public.nokey", await twins.Ours.LineAsync("select * from londiste.local_add_table('q', 'nokey', array['pkey=a'])"));
        await twins.Ours.ExecAsync("insert into nokey values (1, 'x')");
        var events = await twins.Ours.ScalarAsync<string>("select queue_data_pfx from pgq.queue where queue_name = 'q'");
        Assert.Equal("I:a|a=1&b=x|public.nokey",
            await twins.Ours.LineAsync($"select ev_type, ev_data, ev_extra1 from {events} where ev_type like 'I:%'"));
    }

    [Fact]
    public async Task An_after_trigger_sorting_before_ours_is_reported()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.RootAsync();
        await twins.ExecAsync("""
            create table t1 (id int primary key);
            create function audit() returns trigger language plpgsql as $$ begin return null; end $$;
            create trigger "Audit" after insert on t1 for each row execute function audit()
            """);
        // Deliberate difference: the original means to warn (301) but loses the trigger name it
        // compares with (a local variable shadows the OUT column), so it never does.
        Assert.Equal("200|Table added: public.t1", await twins.Original.LineAsync("select * from londiste.local_add_table('q', 't1')"));
        Assert.Equal("301|Table added: public.t1, but londiste trigger is not first: Audit",
            await twins.Ours.LineAsync("select * from londiste.local_add_table('q', 't1')"));
        Assert.Equal("∅", await twins.Original.LineAsync("select trigger_name from londiste.create_trigger('q', 'public.t1', null, 'public.t1', 'root')"));
        Assert.Equal("_londiste_q", await twins.Ours.LineAsync("select trigger_name from londiste.create_trigger('q', 'public.t1', null, 'public.t1', 'root')"));
    }

    [Fact]
    public async Task Drop_table_triggers_removes_only_the_queues_capture_triggers()
    {
        await using var twins = await fixture.CreateTwinsAsync();
        await twins.RootAsync();
        await twins.RootAsync("q2", "root2");
        await twins.ExecAsync("""
            create table t1 (id int primary key);
            create function audit() returns trigger language plpgsql as $$ begin return null; end $$;
            create trigger audit after insert on t1 for each row execute function audit()
            """);
        await twins.SameLineAsync("select * from londiste.local_add_table('q', 't1')");
        await twins.SameLineAsync("select * from londiste.local_add_table('q2', 't1')");
        await twins.SameLineAsync("select londiste.drop_table_triggers('q', 'public.t1')::text");
        Assert.Equal(3, (await twins.SameTriggersAsync("t1")).Count);
        await twins.SameLineAsync("select londiste.drop_table_triggers('q', 'public.unknown')::text");
        // removing the registration (here through the queue's node) drops them too
        await twins.ExecAsync("delete from londiste.table_info where queue_name = 'q2'");
        Assert.Equal(["audit|CREATE TRIGGER audit AFTER INSERT ON public.t1 FOR EACH ROW EXECUTE FUNCTION audit()"], await twins.SameTriggersAsync("t1"));
    }

    /// <summary>pgq.sqltriga as in the original, or pgq.logutriga where our pgq has no sqltriga (same TRUNCATE event).</summary>
    private static async Task<string> TruncateFunctionAsync(TwinDatabases twins) =>
        await twins.OursHasAsync("pgq.sqltriga") ? "pgq.sqltriga" : "pgq.logutriga";
}
