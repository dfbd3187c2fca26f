-- Starts running an EXECUTE script (DDL) in the caller's transaction: records the file name once
-- per node, which also serialises parallel runs of the same file. With i_expect_root the setup
-- tool makes sure it runs on the root. i_attrs (urlencoded) goes to ev_extra2 of the EXECUTE event.
-- Returns 200 (go on), 201 (already applied here, skip it), 401 (not the root).
create or replace function londiste.execute_start(
    in i_queue_name text,
    in i_file_name text,
    in i_sql text,
    in i_expect_root boolean,
    in i_attrs text,
    out ret_code int4,
    out ret_note text)
language plpgsql
as $$
declare
    added int4;
begin
    if i_expect_root and not pgq_node.is_root_node(i_queue_name) then
        ret_code := 401;
        ret_note := 'Node is not root node: ' || i_queue_name;
        return;
    end if;

    insert into londiste.applied_execute (queue_name, execute_file, execute_sql, execute_attrs)
    values (i_queue_name, i_file_name, i_sql, i_attrs)
    on conflict do nothing;
    get diagnostics added = row_count;
    if added = 0 then
        ret_code := 201;
        ret_note := 'EXECUTE: "' || i_file_name || '" already applied, skipping';
        return;
    end if;

    ret_code := 200;
    ret_note := 'Executing: ' || i_file_name;
end;
$$;

create or replace function londiste.execute_start(
    in i_queue_name text,
    in i_file_name text,
    in i_sql text,
    in i_expect_root boolean,
    out ret_code int4,
    out ret_note text)
language plpgsql
as $$
declare
    r record;
begin
    r := londiste.execute_start(i_queue_name, i_file_name, i_sql, i_expect_root, null);
    ret_code := r.ret_code;
    ret_note := r.ret_note;
end;
$$;
