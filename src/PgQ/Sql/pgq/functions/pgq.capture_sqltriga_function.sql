-- pgq.capture_sqltriga_function(tbl, trigger_args) -> the trigger function to use for capturing the
-- changes of table tbl in pgq.sqltriga's format with those trigger arguments (queue name first):
-- 'pgq.sqltriga' itself, or a function made for this table and these arguments that queues the same
-- events several times faster (AFTER ROW triggers only). See pgq._capture_format_function.
create or replace function pgq.capture_sqltriga_function(tbl regclass, trigger_args text[])
returns text
language sql
as $$
    select pgq._capture_format_function(tbl, trigger_args, 'sql')
$$;
