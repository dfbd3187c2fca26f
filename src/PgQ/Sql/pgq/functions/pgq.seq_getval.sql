-- Reads a sequence's last_value without advancing it. The ticker uses it to see whether
-- events arrived since the last tick: every insert calls nextval, even with an explicit ev_id.
create or replace function pgq.seq_getval(i_seq_name text)
returns bigint
language plpgsql strict
as $$
declare
    res bigint;
begin
    execute 'select last_value from ' || pgq.quote_fqname(i_seq_name) into res;
    return res;
end;
$$;
