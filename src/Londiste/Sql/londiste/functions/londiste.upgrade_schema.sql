-- Kept for callers of the original API that run it after an upgrade. Our installer applies the
-- structure migrations itself (londiste.schema_migration), so there is nothing left to do here.
create or replace function londiste.upgrade_schema()
returns int4
language plpgsql
as $$
begin
    return 0;
end;
$$;
