-- pgq._format_call(pieces, args) -> SQL code that joins pieces[i] filled in with args[i]: pieces are
-- pg_catalog.format() strings with one placeholder each ('%' elsewhere doubled), args the code of the values.
-- One format call per 90 pieces (a call takes at most 100 arguments), the calls joined with ||; no pieces
-- give ''. Used by pgq._capture_format_function: one call costs the made function less to set up per
-- transaction than a || per piece.
create or replace function pgq._format_call(pieces text[], args text[])
returns text
language sql
immutable
set search_path = pg_catalog
as $$
    select coalesce(string_agg(format('pg_catalog.format(%L, %s)', c.fmt, c.vals), ' operator(pg_catalog.||) ' order by c.chunk),
                    '''''')
      from (select (i - 1) / 90 as chunk, string_agg(pieces[i], '' order by i) as fmt, string_agg(args[i], ', ' order by i) as vals
              from generate_series(1, coalesce(cardinality(pieces), 0)) as i
             group by (i - 1) / 90) as c
$$;
