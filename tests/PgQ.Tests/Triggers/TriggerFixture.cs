using PgQ.Installation;
using TestSupport;

namespace PgQ.Tests.Triggers;

/// <summary>
/// One cluster with two templates: one with our pgq schema, one with the original PgQ 3.5 extension
/// (Debian's postgresql-15-pgq3) when the server has it, so a test can run the same statements
/// against both and compare the queued events byte for byte.
/// </summary>
public sealed class TriggerFixture : ClusterFixture
{
    private const string OriginalTemplate = "pgq_original_template";
    private int _counter;

    /// <summary>True when `create extension pgq` works on this server.</summary>
    public bool OriginalAvailable { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PrepareTemplateAsync("pgq_template",
            async connectionString => await SchemaInstaller.InstallPgQAsync(connectionString, CancellationToken.None));
        await using var db = await Cluster.OpenAsync();
        await using var probe = new Npgsql.NpgsqlCommand("select count(*) from pg_available_extensions where name = 'pgq'", db);
        OriginalAvailable = (long)(await probe.ExecuteScalarAsync())! > 0;
        if (OriginalAvailable)
        {
            await Cluster.CreateDatabaseAsync(OriginalTemplate);
            await Cluster.ExecuteAsync(OriginalTemplate, "create extension pgq");
        }
    }

    /// <summary>
    /// A database with our pgq and, when the original extension is installed, a twin database with it;
    /// both have queue "q". Without the extension the comparison cannot run: that fails under CI (which
    /// installs it) and otherwise leaves the twin out, so the test checks our side alone.
    /// With <paramref name="captureFunctions"/>, every pgq.logutriga, pgq.jsontriga and pgq.sqltriga trigger
    /// created in our database is switched at once (by an event trigger) to the function made for it,
    /// when it is an AFTER ROW trigger (the only kind londiste makes them for; a made function refuses
    /// the others, see CaptureFunctionTests).
    /// </summary>
    public async Task<TwinDatabases> CreateTwinsAsync(bool captureFunctions = false)
    {
        if (!OriginalAvailable && Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
        {
            throw new InvalidOperationException(
                "The original PgQ extension is not installed (Debian package postgresql-15-pgq3); CI must install it " +
                "so the triggers can be compared with the original's.");
        }
        var ours = await CreateDatabaseAsync("trg");
        await Cluster.ExecuteAsync(ours, "select pgq.create_queue('q')");
        if (captureFunctions)
        {
            await Cluster.ExecuteAsync(ours, SwitchToCaptureFunctions);
        }
        string? original = null;
        if (OriginalAvailable)
        {
            original = $"trg_orig_{Interlocked.Increment(ref _counter)}";
            await Cluster.CreateDatabaseAsync(original, OriginalTemplate);
            await Cluster.ExecuteAsync(original, "select pgq.create_queue('q')");
        }
        return await TwinDatabases.OpenAsync(this, ours, original);
    }

    // Test-only (event triggers need a superuser): re-creates each trigger that calls pgq.logutriga,
    // pgq.jsontriga or pgq.sqltriga with the function made for it (pgq.capture_trigger_function,
    // pgq.capture_jsontriga_function, pgq.capture_sqltriga_function) and the same timing, events and
    // arguments, right after CREATE TRIGGER (AFTER ROW triggers only).
    private const string SwitchToCaptureFunctions = """
        create function switch_to_capture_functions() returns event_trigger language plpgsql as $$
        declare
            t record;
            made text;
            args text[];
            rest bytea;
            zero int;
        begin
            for t in select tg.tgname, tg.tgrelid, tg.tgargs, pg_get_triggerdef(tg.oid) as def, tg.tgfoid::regproc::text as generic
                       from pg_trigger tg
                      where tg.tgfoid in ('pgq.logutriga()'::regprocedure, 'pgq.jsontriga()'::regprocedure, 'pgq.sqltriga()'::regprocedure)
                        -- ROW (bit 1) and neither BEFORE (2) nor INSTEAD OF (64)
                        and tg.tgtype & 1 = 1 and tg.tgtype & 66 = 0
            loop
                rest := t.tgargs;
                args := '{}';
                loop
                    zero := position('\x00'::bytea in rest);
                    exit when zero = 0;
                    args := args || convert_from(substr(rest, 1, zero - 1), 'UTF8');
                    rest := substr(rest, zero + 1);
                end loop;
                made := case t.generic
                            when 'pgq.logutriga' then pgq.capture_trigger_function(t.tgrelid, args)
                            when 'pgq.jsontriga' then pgq.capture_jsontriga_function(t.tgrelid, args)
                            else pgq.capture_sqltriga_function(t.tgrelid, args) end;
                if made <> t.generic then
                    execute format('drop trigger %I on %s', t.tgname, t.tgrelid::regclass);
                    execute replace(t.def, 'EXECUTE FUNCTION ' || t.generic || '(', 'EXECUTE FUNCTION ' || made || '(');
                end if;
            end loop;
        end
        $$;
        create event trigger switch_to_capture_functions on ddl_command_end when tag in ('CREATE TRIGGER')
            execute function switch_to_capture_functions();
        """;
}
