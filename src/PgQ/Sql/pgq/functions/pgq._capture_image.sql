-- pgq._capture_image(pieces, chained, chars) -> the PL/pgSQL expression text of one urlencoded row
-- image ('a=1&b&c=x') for the functions pgq.capture_trigger_function makes, built from one piece per
-- column in column order:
--   chained: the piece is `concat_ws('=', 'name', REC.col)` (the bare name for NULL, as the original
--     writes it) for a column whose name needs no encoding and whose type prints only characters
--     urlencoding keeps plus a known few of ' ' ':' '+' '/' '@' (chars: the ones it can print).
--     Consecutive chained pieces become ONE concat_ws('&', ...) inside ONE replace() chain for the
--     union of their characters ('+' is replaced before ' ' becomes '+').
--   not chained: the piece is already the encoded 'name=value' expression (see the generator).
-- Fewer, smaller expressions are what makes the made function cheap in a one-row transaction: PL/pgSQL
-- initialises every expression it evaluates once per transaction, at a cost that grows with the
-- number of function and operator nodes in it (see pgq.capture_trigger_function).
create or replace function pgq._capture_image(pieces text[], chained boolean[], chars text[])
returns text
language plpgsql immutable
set search_path = pg_catalog
as $$
declare
    amp constant text := ' operator(pg_catalog.||) ''&'' operator(pg_catalog.||) ';
    parts text[] := '{}';
    run text[] := '{}';
    run_chars text := '';
    expr text;
    ch text;
    i int;
begin
    for i in 1 .. coalesce(cardinality(pieces), 0) + 1 loop
        if i <= cardinality(pieces) and chained[i] then
            run := run || pieces[i];
            run_chars := run_chars || coalesce(chars[i], '');
            continue;
        end if;
        if cardinality(run) > 0 then
            expr := case when cardinality(run) = 1 then run[1]
                         else format('pg_catalog.concat_ws(''&'', %s)', array_to_string(run, ', ')) end;
            foreach ch in array array['+', ' ', ':', '/', '@'] loop
                if strpos(run_chars, ch) > 0 then
                    expr := format('pg_catalog.replace(%s, %L, %L)', expr, ch,
                                   case ch when ' ' then '+' else '%' || lower(encode(convert_to(ch, 'UTF8'), 'hex')) end);
                end if;
            end loop;
            parts := parts || expr;
            run := '{}';
            run_chars := '';
        end if;
        if i <= cardinality(pieces) then
            parts := parts || pieces[i];
        end if;
    end loop;
    return coalesce(nullif(array_to_string(parts, amp), ''), quote_literal(''));
end;
$$;
