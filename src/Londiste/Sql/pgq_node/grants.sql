-- Privileges grouped as pgq_node 3.5 groups them. Everyone may use the schema and ask whether a
-- node is root or leaf; the remote-facing functions (what a subscriber asks its provider) go to
-- pgq_reader, pgq_writer and pgq_admin; consumer bookkeeping to pgq_writer and pgq_admin; node and
-- location administration to pgq_admin only. Roles missing (installed without CREATEROLE) are
-- skipped: then the schema owner alone may call the revoked functions.
grant usage on schema pgq_node to public;

do $$
declare
    public_funcs constant text[] := array[
        'pgq_node.is_root_node(text)', 'pgq_node.is_leaf_node(text)', 'pgq_node.version()'];
    consumer_funcs constant text[] := array[
        'pgq_node.register_consumer(text,text,text,bigint)', 'pgq_node.unregister_consumer(text,text)',
        'pgq_node.change_consumer_provider(text,text,text)', 'pgq_node.set_consumer_uptodate(text,text,boolean)',
        'pgq_node.set_consumer_paused(text,text,boolean)', 'pgq_node.set_consumer_completed(text,text,bigint)',
        'pgq_node.set_consumer_error(text,text,text)'];
    worker_funcs constant text[] := array[
        'pgq_node.create_node(text,text,text,text,text,bigint,text)', 'pgq_node.drop_node(text,text)',
        'pgq_node.demote_root(text,integer,text)', 'pgq_node.promote_branch(text)',
        'pgq_node.set_node_attrs(text,text)', 'pgq_node.get_worker_state(text)',
        'pgq_node.set_global_watermark(text,bigint)', 'pgq_node.set_partition_watermark(text,text,bigint)',
        'pgq_node.register_location(text,text,text,boolean)', 'pgq_node.unregister_location(text,text)',
        'pgq_node.upgrade_schema()', 'pgq_node.maint_watermark(text)'];
    remote_funcs constant text[] := array[
        'pgq_node.get_consumer_info(text)', 'pgq_node.get_consumer_state(text,text)',
        'pgq_node.get_queue_locations(text)', 'pgq_node.get_node_info(text)',
        'pgq_node.get_subscriber_info(text)', 'pgq_node.register_subscriber(text,text,text,bigint)',
        'pgq_node.unregister_subscriber(text,text)', 'pgq_node.set_subscriber_watermark(text,text,bigint)'];
    tables constant text := 'pgq_node.node_location, pgq_node.node_info, pgq_node.local_state, pgq_node.subscriber_info';
    fn text;
    have_reader boolean := exists (select 1 from pg_roles where rolname = 'pgq_reader');
    have_writer boolean := exists (select 1 from pg_roles where rolname = 'pgq_writer');
    have_admin boolean := exists (select 1 from pg_roles where rolname = 'pgq_admin');
begin
    foreach fn in array public_funcs loop
        execute 'grant execute on function ' || fn || ' to public';
    end loop;
    foreach fn in array consumer_funcs || worker_funcs || remote_funcs loop
        execute 'revoke all on function ' || fn || ' from public';
        if have_admin then
            execute 'grant execute on function ' || fn || ' to pgq_admin';
        end if;
    end loop;
    foreach fn in array consumer_funcs || remote_funcs loop
        if have_writer then
            execute 'grant execute on function ' || fn || ' to pgq_writer';
        end if;
    end loop;
    foreach fn in array remote_funcs loop
        if have_reader then
            execute 'grant execute on function ' || fn || ' to pgq_reader';
        end if;
    end loop;
    execute 'revoke all on ' || tables || ' from public';
    if have_reader then
        execute 'grant select on ' || tables || ' to pgq_reader';
    end if;
    if have_writer then
        execute 'grant select on ' || tables || ' to pgq_writer';
    end if;
    if have_admin then
        execute 'grant select, insert, update, delete on ' || tables || ' to pgq_admin';
    end if;
end;
$$;
