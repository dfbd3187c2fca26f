-- Housekeeping run by the ticker: forgets EXECUTE scripts applied more than 3 months ago.
create or replace function londiste.periodic_maintenance()
returns integer
language plpgsql
as $$
begin
    delete from londiste.applied_execute a
     where a.execute_time < now() - interval '3 months';
    return 0;
end;
$$;
