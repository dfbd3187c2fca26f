-- The oid of a sequence given as unquoted 'schema.name', or NULL.
create or replace function londiste.find_seq_oid(seq text)
returns oid
language plpgsql strict stable
as $$
begin
    return londiste.find_rel_oid(seq, 'S');
end;
$$;
