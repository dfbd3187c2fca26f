-- pgq._event_magic_fields(magic, ev_type, ev_data, ev_extra1..4) -> the event fields with the values of the
-- row's "magic" columns (_pgq_ev_type, _pgq_ev_data, _pgq_ev_extra1..4, as the original) put in their place.
-- magic is a two-column array of (column name, value) pairs, as pgq._json_fields / pgq._sql_fields return it;
-- any other _pgq_ev_* name is the original's error. Shared by pgq.jsontriga, pgq.sqltriga and their generic
-- paths (pgq._jsontriga_event, pgq._sqltriga_event); called only for tables with such columns.
create or replace function pgq._event_magic_fields(magic text[], inout ev_type text, inout ev_data text,
                                                   inout ev_extra1 text, inout ev_extra2 text,
                                                   inout ev_extra3 text, inout ev_extra4 text)
language plpgsql
immutable
set search_path = pg_catalog
as $$
begin
    for i in 1 .. array_length(magic, 1) loop
        case magic[i][1]
            when '_pgq_ev_type' then ev_type := magic[i][2];
            when '_pgq_ev_data' then ev_data := magic[i][2];
            when '_pgq_ev_extra1' then ev_extra1 := magic[i][2];
            when '_pgq_ev_extra2' then ev_extra2 := magic[i][2];
            when '_pgq_ev_extra3' then ev_extra3 := magic[i][2];
            when '_pgq_ev_extra4' then ev_extra4 := magic[i][2];
            else raise exception 'Unknown magic column: %', magic[i][1];
        end case;
    end loop;
end;
$$;
