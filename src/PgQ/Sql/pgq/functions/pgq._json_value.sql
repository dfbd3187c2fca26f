-- pgq._json_value(typ, v, row_json, name): one column value as PgQ 3.5's C jsontriga writes it, from the value's
-- text output v, the column's type oid (exact type, so a domain over int4 is a string, as in the original) and,
-- for date/time columns, the row as to_json(row) and the column's name:
--   NULL -> null; bool -> true/false; int2, int4, int8 -> the bare number;
--   timestamp, timestamptz, date -> to_json's ISO 8601 string ("2020-01-01T12:00:00+02:00", "infinity"), which is
--     what the C code prints (it reuses the same date/time encoder as to_json). Taken from to_json(row) rather
--     than re-read from v: v follows DateStyle, and e.g. 'SQL' style prints zone abbreviations that do not read
--     back (LMT) or read back as another zone (IST);
--   anything else -> the text output as a JSON string (to_json(text) escapes exactly as the C trigger).
-- An inlinable SQL expression: no call per value, and row_json is only evaluated for date/time columns.
create or replace function pgq._json_value(typ oid, v text, row_json json, name text)
returns text
language sql stable parallel safe
as $$
    select case when v is null then 'null'
                when typ operator(pg_catalog.=) 16 then case when v operator(pg_catalog.=) 't' then 'true' else 'false' end
                when typ operator(pg_catalog.=) any ('{20,21,23}'::oid[]) then v
                when typ operator(pg_catalog.=) any ('{1082,1114,1184}'::oid[]) then (row_json operator(pg_catalog.->) name)::text
                else pg_catalog.to_json(v)::text end
$$;
