-- pgq._urlencode(v): the byte-level encoding of the original: space -> '+', [0-9A-Za-z_.-] kept,
-- every other byte of the value in the database encoding -> '%' + two lower-case hex digits.
-- Plain SQL expressions (no sub-select, no SET, not STRICT) so the planner inlines them into the
-- caller: no function call and no per-byte loop (STABLE, not IMMUTABLE: format() and convert_to()
-- are stable, and an immutable SQL function over them would not be inlined). Every name and
-- operator is schema-qualified because an inlined body is parsed under the caller's search_path.
--
-- Three tiers, cheapest first (each costs about a microsecond more than the one before):
--   1. nothing to escape: the value itself;
--   2. only the characters that dominate real data (space, ':' '+' of timestamps, ',' '"' '{' '}'
--      of arrays and JSON, '&' '=' '/' '@' '%'): a chain of replace() ('%' is replaced first and
--      '+' before ' ', so no replacement is encoded twice). The value is checked against that set
--      before the chain rather than the chain's result after it, so the chain runs once (an inlined
--      body repeats every mention of an expression);
--   3. anything else (non-ASCII, control characters, ...): pgq._urlencode_bytes.
create or replace function pgq._urlencode_bytes(v text)
returns text
language sql stable parallel safe
as $$
    -- The value becomes a format() template with '%s' for every run of unsafe characters (safe
    -- characters never include '%'), and all unsafe runs are encoded in one go: joined with '.',
    -- hex-encoded, each byte pair prefixed with '%', '%20' turned into '+', split again on '%2e'
    -- ('.' is safe so it never occurs inside an unsafe run, and '%' only starts a byte pair, so
    -- '%2e' and '%20' can only match whole bytes).
    select pg_catalog.format(
               pg_catalog.regexp_replace(v, '[^0-9A-Za-z_.-]+', '%s', 'g'),
               variadic pg_catalog.string_to_array(
                   pg_catalog.replace(
                       pg_catalog.regexp_replace(
                           pg_catalog.encode(
                               pg_catalog.convert_to(
                                   pg_catalog.btrim(pg_catalog.regexp_replace(v, '[0-9A-Za-z_.-]+', '.', 'g'), '.'),
                                   pg_catalog.getdatabaseencoding()),
                               'hex'),
                           '(..)', '%\1', 'g'),
                       '%20', '+'),
                   '%2e'))
$$;

create or replace function pgq._urlencode_common(v text)
returns text
language sql immutable parallel safe
as $$
    select pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
           pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
           pg_catalog.replace(pg_catalog.replace(v,
               '%', '%25'), '+', '%2b'), ' ', '+'), ':', '%3a'), ',', '%2c'), '"', '%22'),
               '{', '%7b'), '}', '%7d'), '&', '%26'), '=', '%3d'), '/', '%2f'), '@', '%40')
$$;

create or replace function pgq._urlencode(v text)
returns text
language sql stable parallel safe
as $$
    select case when v operator(pg_catalog.~) '^[0-9A-Za-z_.-]*$' then v
                when v operator(pg_catalog.~) '^[0-9A-Za-z_.%+ :,"{}&=/@-]*$' then pgq._urlencode_common(v)
                else pgq._urlencode_bytes(v) end
$$;

-- pgq._urlencode_datetime(v): pgq._urlencode for the output of the date and time types, which under
-- every DateStyle and IntervalStyle prints letters, digits and a few of ' ' '-' ':' '.' '+' '/' '@':
-- a five-step replace() chain once the value is seen to hold nothing else, pgq._urlencode otherwise
-- (so a surprise costs speed, not correctness). Used by the per-table capture functions, which pass
-- a variable so that the inlined body does not print the value once per mention.
create or replace function pgq._urlencode_datetime(v text)
returns text
language sql stable parallel safe
as $$
    select case when v operator(pg_catalog.~) '^[0-9A-Za-z_. :+/@-]*$'
                then pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(v,
                         '+', '%2b'), ' ', '+'), ':', '%3a'), '/', '%2f'), '@', '%40')
                else pgq._urlencode(v) end
$$;
