-- pgq._strlist_contains(list, name): whether column name is in a trigger argument's list (`ignore=`, `pkey=`)
-- the way PgQ's C triggers decide it: name occurs in list with a ',' or white space (or the list's start/end)
-- on both sides, so 'a, b' and 'a b' both hold a and b, and 'Key 2,id' holds the column "Key 2".
-- Separators are mapped to ' ' in both strings and the padded name is searched in the padded list; exact
-- for names without ',' or white space (a name with them could also match across separators: "Key 2"
-- in 'Key,2', which the original would not match). An inlinable SQL expression: no call per column.
create or replace function pgq._strlist_contains(list text, name text)
returns boolean
language sql immutable parallel safe
as $$
    select pg_catalog.strpos(' ' || pg_catalog.translate(list, E',\t\n\r\f\x0b', '      ') || ' ',
                             ' ' || pg_catalog.translate(name, E',\t\n\r\f\x0b', '      ') || ' ') > 0
$$;
