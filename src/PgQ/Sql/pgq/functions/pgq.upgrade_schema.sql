-- Kept for callers of the original API that run it after an upgrade. Our installer applies
-- structure migrations itself (pgq.schema_migration), so there is nothing left to do here.
create or replace function pgq.upgrade_schema()
returns int4
language sql
as $$ select 0 $$;
