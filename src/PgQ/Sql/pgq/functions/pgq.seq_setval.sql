-- Moves a sequence forward to at least i_new_value; never backwards. Returns the resulting value.
create or replace function pgq.seq_setval(i_seq_name text, i_new_value int8)
returns bigint
language plpgsql strict
as $$
declare
    cur bigint;
begin
    cur := pgq.seq_getval(i_seq_name);
    if cur >= i_new_value then
        return cur;
    end if;
    perform setval(pgq.quote_fqname(i_seq_name), i_new_value);
    return i_new_value;
end;
$$;
