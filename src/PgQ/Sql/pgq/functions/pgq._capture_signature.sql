-- pgq._capture_signature(tbl, queue_name) -> an md5 of everything a function made by
-- pgq.capture_trigger_function has written into its code: the table's live columns (attnum, name,
-- type, NOT NULL), its highest attnum, its name, its primary key, the queue's id and event tables, and the code of
-- pgq.capture_trigger_function itself (so an upgrade of pgq remakes them too). The made function
-- carries the signature it was made from; when the current one differs, the table or the queue
-- changed since and pgq.maint_refresh_capture_functions remakes it (the function stays correct
-- meanwhile, only slower: see pgq.capture_trigger_function).
create or replace function pgq._capture_signature(tbl oid, queue_name text)
returns text
language sql stable
as $$
    select pg_catalog.md5(pg_catalog.concat_ws('|',
        (select pg_catalog.string_agg(a.attnum::text || ':' || a.attname || ':' || a.atttypid::text || ':' || a.attnotnull::text, ',' order by a.attnum)
           from pg_catalog.pg_attribute a
          where a.attrelid = tbl and a.attnum > 0 and not a.attisdropped),
        (select pg_catalog.max(a.attnum)::text from pg_catalog.pg_attribute a where a.attrelid = tbl and a.attnum > 0),
        (select n.nspname || '.' || c.relname from pg_catalog.pg_class c
           join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.oid = tbl),
        (select pg_catalog.array_to_string(c.conkey, ',') from pg_catalog.pg_constraint c
          where c.conrelid = tbl and c.contype = 'p'),
        (select q.queue_id::text || ':' || q.queue_ntables::text || ':' || q.queue_data_pfx || ':' || q.queue_event_seq
           from pgq.queue q where q.queue_name = _capture_signature.queue_name),
        (select pg_catalog.md5(p.prosrc) from pg_catalog.pg_proc p
          where p.oid = 'pgq.capture_trigger_function(regclass, text[])'::pg_catalog.regprocedure)))
$$;
