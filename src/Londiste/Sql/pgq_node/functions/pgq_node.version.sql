-- The pgq_node API level this schema implements (the structure revision is in
-- pgq_node.schema_migration). The original reads it from pg_extension; we are not an extension.
create or replace function pgq_node.version()
returns text
language sql immutable
as $$ select '3.5'::text $$;
