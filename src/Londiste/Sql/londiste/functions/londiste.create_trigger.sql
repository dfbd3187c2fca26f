-- Creates or replaces the capture triggers of a table; the original's public entry point. The
-- work is done in londiste._create_capture_triggers, so that there is one place to change how
-- changes are captured.
create or replace function londiste.create_trigger(
    in i_queue_name text,
    in i_table_name text,
    in i_trg_args text[],
    in i_dest_table text,
    in i_node_type text,
    out ret_code int4,
    out ret_note text,
    out trigger_name text)
language plpgsql
as $$
declare
    r record;
begin
    r := londiste._create_capture_triggers(i_queue_name, i_table_name, i_trg_args, i_dest_table, i_node_type);
    ret_code := r.ret_code;
    ret_note := r.ret_note;
    trigger_name := r.trigger_name;
end;
$$;
