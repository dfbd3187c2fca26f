-- pgq._capture_format_signature(tbl, queue_name, fmt) -> the signature a function made by
-- pgq._capture_format_function (fmt 'json' or 'sql') carries: pgq._capture_signature's md5 of the
-- table's columns, key and the queue, with the code of the generator and of the generic path it
-- falls back to (pgq._jsontriga_event / pgq._sqltriga_event), so an upgrade of either remakes it.
-- pgq.maint_refresh_capture_functions remakes a made function whose signature differs from this.
create or replace function pgq._capture_format_signature(tbl oid, queue_name text, fmt text)
returns text
language sql stable
as $$
    select pg_catalog.md5(pg_catalog.concat_ws('|', fmt, pgq._capture_signature(tbl, queue_name),
        (select pg_catalog.string_agg(pg_catalog.md5(p.prosrc), ',' order by p.proname)
           from pg_catalog.pg_proc p
          where p.pronamespace operator(pg_catalog.=) 'pgq'::pg_catalog.regnamespace
            and p.proname operator(pg_catalog.=) any (array['_capture_format_function', '_' || fmt || 'triga_event']))))
$$;
