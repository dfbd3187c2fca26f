-- Creates partition i_part of table i_table (an inherited child, as the partitioning handlers of
-- Londiste 3 use) unless a relation of that name exists: same columns, defaults, constraints,
-- indexes, storage and comments (LIKE ... INCLUDING ALL), the parent's owner, grants, triggers
-- (with their enabled state) and rules, plus, when i_part_field is not empty, a check that keeps
-- i_part_field within the i_part_period ('hour', 'day', 'month', 'year') holding i_part_time.
-- i_pkeys is accepted for compatibility and not used (the indexes come with LIKE).
-- Returns 1 when created, 0 when it existed. Partitions are created one at a time (a lock on
-- londiste.table_info that does not block the replay's row changes).
create or replace function londiste.create_partition(
    i_table text,
    i_part text,
    i_pkeys text,
    i_part_field text,
    i_part_time timestamptz,
    i_part_period text)
returns int
language plpgsql
as $$
declare
    parent record;
    part record;
    q_parent text;
    q_part text;
    parent_oid oid;
    parent_owner name;
    lower_bound timestamptz;
    g record;
    tg record;
    rl record;
    stmt text;
    mode_clause text;
begin
    if i_table is null or i_part is null then
        raise exception 'need table and part';
    end if;
    parent := londiste.split_fqname(i_table);
    part := londiste.split_fqname(i_part);
    q_parent := quote_ident(parent.schema_part) || '.' || quote_ident(parent.name_part);
    q_part := quote_ident(part.schema_part) || '.' || quote_ident(part.name_part);

    lock table londiste.table_info in share update exclusive mode;
    parent_oid := q_parent::regclass::oid;

    if exists (select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace s on s.oid = c.relnamespace
                where s.nspname = part.schema_part and c.relname = part.name_part) then
        return 0;
    end if;

    execute format('create table %s (like %s including all) inherits (%s)', q_part, q_parent, q_parent);

    select r.rolname into parent_owner
      from pg_catalog.pg_class c join pg_catalog.pg_roles r on r.oid = c.relowner
     where c.oid = parent_oid;
    if parent_owner <> current_user then
        execute format('alter table %s owner to %I', q_part, parent_owner);
    end if;

    if i_part_field <> '' then
        lower_bound := date_trunc(i_part_period, i_part_time);
        execute format('alter table %s add check (%I >= %L and %I < %L)', q_part,
                       i_part_field, to_char(lower_bound, 'YYYY-MM-DD HH24:MI:SS'),
                       i_part_field, to_char(lower_bound + ('1 ' || i_part_period)::interval, 'YYYY-MM-DD HH24:MI:SS'));
    end if;

    for g in
        select p.grantee, p.privilege_type, p.is_grantable
          from information_schema.table_privileges p
         where p.table_schema = parent.schema_part and p.table_name = parent.name_part
    loop
        execute format('grant %s on %s to %s%s', g.privilege_type, q_part,
                       case when g.grantee = 'PUBLIC' then 'public' else quote_ident(g.grantee) end,
                       case when g.is_grantable = 'YES' then ' with grant option' else '' end);
    end loop;

    for tg in
        select t.tgname, t.tgenabled, pg_catalog.pg_get_triggerdef(t.oid) as def
          from pg_catalog.pg_trigger t
         where t.tgrelid = parent_oid and not t.tgisinternal
    loop
        -- The definition names the parent after ' ON '; point it at the partition.
        stmt := regexp_replace(tg.def, ' ON ([[:alnum:]_.]+|"([^"]|"")+")+ ', ' ON ' || q_part || ' ');
        if stmt = tg.def then
            raise exception 'Failed to reconstruct the trigger: %', stmt;
        end if;
        execute stmt;
        mode_clause := case tg.tgenabled
                           when 'O' then null
                           when 'D' then 'disable trigger'
                           when 'A' then 'enable always trigger'
                           when 'R' then 'enable replica trigger'
                       end;
        if tg.tgenabled not in ('O', 'D', 'A', 'R') then
            raise exception 'Unknown trigger mode: %', tg.tgenabled;
        end if;
        if mode_clause is not null then
            execute format('alter table %s %s %I', q_part, mode_clause, tg.tgname);
        end if;
    end loop;

    for rl in
        select r.rulename, r.ev_enabled, pg_catalog.pg_get_ruledef(r.oid) as def
          from pg_catalog.pg_rewrite r
         where r.ev_class = parent_oid and r.rulename <> '_RETURN'
    loop
        -- The definition names the parent after ' TO '; point it at the partition.
        stmt := regexp_replace(rl.def, ' TO ([[:alnum:]_.]+|"([^"]|"")+")+ ', ' TO ' || q_part || ' ');
        if stmt = rl.def then
            raise exception 'failed to find original table name';
        end if;
        execute stmt;
        mode_clause := case rl.ev_enabled
                           when 'O' then null
                           when 'D' then 'disable rule'
                           when 'A' then 'enable always rule'
                           when 'R' then 'enable replica rule'
                       end;
        if rl.ev_enabled not in ('O', 'D', 'A', 'R') then
            raise exception 'unknown rule option: %', rl.ev_enabled;
        end if;
        if mode_clause is not null then
            execute format('alter table %s %s %I', q_part, mode_clause, rl.rulename);
        end if;
    end loop;

    return 1;
end;
$$;
