-- pgq._same_type(value, model) -> value, where value and model are of exactly one type. The functions
-- pgq._capture_format_function makes write every column as pgq._same_type(NEW.col, null::its_type): an
-- SQL function this simple is inlined by the planner, so it costs nothing when the row is written, but a
-- column whose type changed since the function was made no longer resolves it (anyelement takes no
-- implicit cast) and the expression fails to plan with undefined_function, which the made function
-- answers with the generic code. Once planned, PL/pgSQL itself refuses a field whose type changed
-- (datatype_mismatch). Not strict, not security definer and without SET: all three would stop inlining.
create or replace function pgq._same_type(value anyelement, model anyelement)
returns anyelement
language sql
immutable
parallel safe
as $$ select value $$;
