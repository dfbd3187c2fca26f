-- The Londiste SQL API level this schema implements. The original reads its extension version;
-- ours is no extension, so the level is a constant (the structure revision is in
-- londiste.schema_migration).
create or replace function londiste.version()
returns text
language plpgsql
as $$
begin
    return '3.8';
end;
$$;
