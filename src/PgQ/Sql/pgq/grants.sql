-- Privileges as PgQ 3 groups them. Everybody may read the metadata and produce events (writers
-- need no grant, the producer functions run as the queue owner). Consuming and administration are
-- revoked from PUBLIC and granted to pgq_reader / pgq_admin where those roles exist; without them
-- (no CREATEROLE at install) the schema owner alone consumes and administers.
grant usage on schema pgq to public;
grant select on pgq.queue, pgq.consumer, pgq.tick, pgq.subscription, pgq.schema_migration to public;

do $$
declare
    reader_funcs constant text[] := array[
        'pgq.register_consumer(text,text)', 'pgq.register_consumer_at(text,text,bigint)',
        'pgq.unregister_consumer(text,text)', 'pgq.next_batch_info(text,text)', 'pgq.next_batch(text,text)',
        'pgq.next_batch_custom(text,text,interval,integer,interval)', 'pgq.get_batch_events(bigint)',
        'pgq.get_batch_info(bigint)', 'pgq.get_batch_cursor(bigint,text,integer,text)',
        'pgq.get_batch_cursor(bigint,text,integer)', 'pgq.event_retry(bigint,bigint,timestamptz)',
        'pgq.event_retry(bigint,bigint,integer)', 'pgq.batch_retry(bigint,integer)', 'pgq.finish_batch(bigint)',
        'pgq.force_tick(text)'];
    admin_funcs constant text[] := array[
        'pgq.ticker(text,bigint,timestamptz,bigint)', 'pgq.ticker(text)', 'pgq.ticker()',
        'pgq.maint_retry_events()', 'pgq.maint_rotate_tables_step1(text)', 'pgq.maint_rotate_tables_step2()',
        'pgq.maint_tables_to_vacuum()', 'pgq.maint_operations()', 'pgq.create_queue(text)',
        'pgq.drop_queue(text,boolean)', 'pgq.drop_queue(text)', 'pgq.set_queue_config(text,text,text)',
        'pgq.insert_event_raw(text,bigint,timestamptz,integer,integer,text,text,text,text,text,text)',
        'pgq.event_retry_raw(text,text,timestamptz,bigint,timestamptz,integer,text,text,text,text,text,text)',
        'pgq.seq_setval(text,bigint)', 'pgq.grant_perms(text)', 'pgq.tune_storage(text)',
        'pgq._grant_perms_from(text,text,text,text)', 'pgq.upgrade_schema()', 'pgq._refresh_insert_dispatch()',
        'pgq._refresh_event_view(integer)'];
    fn text;
    have_reader boolean := exists (select 1 from pg_roles where rolname = 'pgq_reader');
    have_admin boolean := exists (select 1 from pg_roles where rolname = 'pgq_admin');
begin
    foreach fn in array reader_funcs loop
        execute 'revoke all on function ' || fn || ' from public';
        if have_reader then
            execute 'grant execute on function ' || fn || ' to pgq_reader';
        end if;
        if have_admin then
            execute 'grant execute on function ' || fn || ' to pgq_admin';
        end if;
    end loop;
    foreach fn in array admin_funcs loop
        execute 'revoke all on function ' || fn || ' from public';
        if have_admin then
            execute 'grant execute on function ' || fn || ' to pgq_admin';
        end if;
    end loop;
    if have_reader then
        grant select on pgq.event_template to pgq_reader;
    end if;
    if have_admin then
        grant select, insert, truncate on pgq.event_template, pgq.retry_queue to pgq_admin;
    end if;
end;
$$;
