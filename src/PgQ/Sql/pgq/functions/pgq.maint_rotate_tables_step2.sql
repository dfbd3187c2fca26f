-- Rotation, second half, in a transaction after step 1 committed: records a txid that is newer
-- than every transaction that could still have seen the old current table.
create or replace function pgq.maint_rotate_tables_step2()
returns integer
language plpgsql security definer
set search_path = pg_catalog
as $$
begin
    update pgq.queue set queue_switch_step2 = txid_current() where queue_switch_step2 is null;
    return 0;
end;
$$;
