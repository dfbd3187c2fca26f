-- Sets session_replication_role for the session or (is_local) the transaction. Security definer
-- so that the replay can turn off user triggers with the owner's rights; PostgreSQL lets only a
-- superuser (or a role granted SET on it, PostgreSQL 15+) set it, so an owner without that right
-- gets the server's permission error.
create or replace function londiste.set_session_replication_role(val text, is_local bool)
returns void
language plpgsql security definer
as $$
begin
    if val is null or val not in ('origin', 'replica', 'local') then
        raise exception 'bad value for session_replication_role';
    end if;
    perform set_config('session_replication_role', val, coalesce(is_local, false));
end;
$$;
