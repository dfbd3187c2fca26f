-- Privileges as Londiste 3 groups them. Everybody may read the registry tables and call the name
-- helpers; reading the lists is for londiste_reader / londiste_writer; changing anything for
-- londiste_writer (and the maintenance functions also for pgq_admin). Roles that do not exist (no
-- CREATEROLE at install) are skipped: then only the schema owner administers.
grant usage on schema londiste to public;
revoke all on londiste.table_info, londiste.seq_info, londiste.pending_fkeys, londiste.applied_execute from public;
grant select on londiste.table_info, londiste.seq_info, londiste.pending_fkeys, londiste.applied_execute to public;
revoke all on sequence londiste.table_info_nr_seq, londiste.seq_info_nr_seq from public;

do $$
declare
    public_funcs constant text[] := array[
        'londiste.find_column_types(text)', 'londiste.find_table_fkeys(text)', 'londiste.find_rel_oid(text,text)',
        'londiste.find_table_oid(text)', 'londiste.find_seq_oid(text)', 'londiste.is_replica_func(oid)',
        'londiste.quote_fqname(text)', 'londiste.make_fqname(text)', 'londiste.split_fqname(text)', 'londiste.version()'];
    reader_funcs constant text[] := array[
        'londiste.get_seq_list(text)', 'londiste.get_table_list(text)', 'londiste._coordinate_copy(text,text)'];
    writer_funcs constant text[] := array[
        'londiste.local_show_missing(text)', 'londiste.local_add_seq(text,text)',
        'londiste.local_add_table(text,text,text[],text,text)', 'londiste.local_add_table(text,text,text[],text)',
        'londiste.local_add_table(text,text,text[])', 'londiste.local_add_table(text,text)',
        'londiste.local_change_handler(text,text,text[],text)',
        'londiste.local_remove_seq(text,text)', 'londiste.local_remove_table(text,text)',
        'londiste.global_add_table(text,text)', 'londiste.global_remove_table(text,text)',
        'londiste.global_update_seq(text,text,int8)', 'londiste.global_remove_seq(text,text)',
        'londiste.get_table_pending_fkeys(text)', 'londiste.get_valid_pending_fkeys(text)',
        'londiste.drop_table_fkey(text,text)', 'londiste.restore_table_fkey(text,text,boolean)',
        'londiste.execute_start(text,text,text,boolean)', 'londiste.execute_start(text,text,text,boolean,text)',
        'londiste.execute_finish(text,text)', 'londiste.root_notify_change(text,text,text)',
        'londiste.local_set_table_state(text,text,text,text)', 'londiste.local_set_table_attrs(text,text,text)',
        'londiste.local_set_table_struct(text,text,text)', 'londiste.drop_table_triggers(text,text)',
        'londiste.table_info_trigger()', 'londiste.create_partition(text,text,text,text,timestamptz,text)',
        'londiste.is_obsolete_partition(text,interval,text)', 'londiste.list_obsolete_partitions(text,interval,text)',
        'londiste.drop_obsolete_partitions(text,interval,text)', 'londiste._partition_pattern(text)',
        'londiste.create_trigger(text,text,text[],text,text)',
        'londiste._create_capture_triggers(text,text,text[],text,text)',
        'londiste.set_session_replication_role(text,boolean)', 'londiste.upgrade_schema()'];
    maint_funcs constant text[] := array[
        'londiste.periodic_maintenance()', 'londiste.root_check_seqs(text)', 'londiste.root_check_seqs(text,int8)'];
    fn text;
    have_reader boolean := exists (select 1 from pg_catalog.pg_roles where rolname = 'londiste_reader');
    have_writer boolean := exists (select 1 from pg_catalog.pg_roles where rolname = 'londiste_writer');
    have_admin boolean := exists (select 1 from pg_catalog.pg_roles where rolname = 'pgq_admin');
begin
    foreach fn in array public_funcs loop
        execute 'grant execute on function ' || fn || ' to public';
    end loop;
    foreach fn in array reader_funcs || writer_funcs || maint_funcs loop
        execute 'revoke all on function ' || fn || ' from public';
        if have_writer then
            execute 'grant execute on function ' || fn || ' to londiste_writer';
        end if;
    end loop;
    foreach fn in array reader_funcs loop
        if have_reader then
            execute 'grant execute on function ' || fn || ' to londiste_reader';
        end if;
    end loop;
    foreach fn in array maint_funcs loop
        if have_admin then
            execute 'grant execute on function ' || fn || ' to pgq_admin';
        end if;
    end loop;
    if have_reader then
        grant select on londiste.table_info, londiste.seq_info, londiste.pending_fkeys, londiste.applied_execute to londiste_reader;
    end if;
    if have_writer then
        grant usage on sequence londiste.table_info_nr_seq, londiste.seq_info_nr_seq to londiste_writer;
    end if;
    if have_admin then
        grant select, insert, update, delete on londiste.table_info, londiste.seq_info, londiste.pending_fkeys,
            londiste.applied_execute to pgq_admin;
    end if;
end;
$$;
