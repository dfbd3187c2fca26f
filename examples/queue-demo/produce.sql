-- pgbench script: one transaction writes a row-change event shaped like the seed's
-- (urlencoded row, "I:pk" type, table name in ev_extra1) into the queue.
-- (The type is spelled 'I' || ':' || 'id' because pgbench would read ":id" as a variable.)
\set userid random(1, 200000)
select pgq.insert_event('replika', 'I' || ':' || 'id', 'userid=' || :userid || '&login_time=' || replace(now()::text, ' ', '+') || '&ip=127.0.0.1', 'digoal_01.user_login_rec', null, null, null);
