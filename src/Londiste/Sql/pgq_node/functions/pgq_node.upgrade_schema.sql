-- Kept for callers of the original API. Our installer applies structure migrations itself
-- (pgq_node.schema_migration), so there is never anything left to change: 0 changes.
create or replace function pgq_node.upgrade_schema()
returns int4
language sql
as $$ select 0 $$;
