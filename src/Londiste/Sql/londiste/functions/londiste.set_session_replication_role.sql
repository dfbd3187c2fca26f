-- Sets session_replication_role for the session or (is_local) the transaction. Security definer
-- so that the replay can turn off user triggers with the owner's rights; PostgreSQL lets only a
-- superuser (or a role granted SET on it, PostgreSQL 15+) set it. An owner without that right (a
-- managed database) still gets the effect that matters for replication: the value also goes to
-- pgq.session_replication_role, which PgQ's capture and deny triggers and its disabled-insert
-- queues honour as if the server's setting were made. Other triggers (user triggers, foreign-key
-- checks) then still fire on the subscriber.
create or replace function londiste.set_session_replication_role(val text, is_local bool)
returns void
language plpgsql security definer
as $$
begin
    if val is null or val not in ('origin', 'replica', 'local') then
        raise exception 'bad value for session_replication_role';
    end if;
    begin
        perform set_config('session_replication_role', val, coalesce(is_local, false));
    exception when insufficient_privilege then
        null;
    end;
    perform set_config('pgq.session_replication_role', val, coalesce(is_local, false));
end;
$$;
