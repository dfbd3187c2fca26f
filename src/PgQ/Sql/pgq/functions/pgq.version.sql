-- The PgQ API level this schema implements. pgqd (ours and the original) accepts a database
-- when the first character is '3' or higher. The structure revision is in pgq.schema_migration.
create or replace function pgq.version()
returns text
language sql immutable
as $$ select '3.5'::text $$;
