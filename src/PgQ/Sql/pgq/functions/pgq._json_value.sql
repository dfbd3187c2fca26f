-- pgq._json_value(typ, v): one column value as PgQ 3.5's C jsontriga writes it, from the value's text
-- output v and the column's type oid (exact type, so a domain over int4 is a string, as in the original):
--   NULL -> null; bool -> true/false; int2, int4, int8 -> the bare number;
--   timestamp, timestamptz, date -> to_json's ISO 8601 string ("2020-01-01T12:00:00+02:00", "infinity"),
--     which is what the C code prints (it reuses the same date/time encoder as to_json);
--   anything else -> the text output as a JSON string (to_json(text) escapes exactly as the C trigger).
-- Date/time values are read back from their text output in the session's DateStyle and TimeZone, which
-- is exact (the output keeps microseconds). An inlinable SQL expression: no call per value.
create or replace function pgq._json_value(typ oid, v text)
returns text
language sql stable parallel safe
as $$
    select case when v is null then 'null'
                when typ operator(pg_catalog.=) 16 then case when v operator(pg_catalog.=) 't' then 'true' else 'false' end
                when typ operator(pg_catalog.=) any ('{20,21,23}'::oid[]) then v
                when typ operator(pg_catalog.=) 1184 then pg_catalog.to_json(v::timestamptz)::text
                when typ operator(pg_catalog.=) 1114 then pg_catalog.to_json(v::timestamp)::text
                when typ operator(pg_catalog.=) 1082 then pg_catalog.to_json(v::date)::text
                else pg_catalog.to_json(v)::text end
$$;
