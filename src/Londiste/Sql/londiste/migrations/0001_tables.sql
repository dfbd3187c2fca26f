-- Londiste 3.8 registry tables. Names, columns, types, defaults and constraints are those of the
-- original, so the Python tools, monitoring queries and our CLI read them alike.

-- Tables known to a queue. local: this node applies (or on the root: captures) the table.
-- merge_state: NULL (not copied yet), 'in-copy', 'catching-up', 'wanna-sync:<tick>',
-- 'do-sync:<tick>', 'ok'. custom_snapshot: snapshot of the copy transaction. dropped_ddl: index /
-- constraint DDL removed for a faster copy, put back after it. table_attrs: urlencoded handler
-- settings. dest_table: local table name when it differs from the queue-wide name.
create table "londiste"."table_info" (
    "nr"                serial not null,
    "queue_name"        text not null,
    "table_name"        text not null,
    "local"             boolean not null default false,
    "merge_state"       text,
    "custom_snapshot"   text,
    "dropped_ddl"       text,
    "table_attrs"       text,
    "dest_table"        text,
    constraint "table_info_pkey" primary key ("queue_name", "table_name"),
    constraint "table_info_queue_name_fkey" foreign key ("queue_name")
        references "pgq_node"."node_info" ("queue_name") on delete cascade,
    constraint "table_info_check" check ("dropped_ddl" is null or "merge_state" in ('in-copy', 'catching-up'))
);

-- Sequences known to a queue; last_value is the value the root last published.
create table "londiste"."seq_info" (
    "nr"                serial not null,
    "queue_name"        text not null,
    "seq_name"          text not null,
    "local"             boolean not null default false,
    "last_value"        int8 not null,
    constraint "seq_info_pkey" primary key ("queue_name", "seq_name"),
    constraint "seq_info_queue_name_fkey" foreign key ("queue_name")
        references "pgq_node"."node_info" ("queue_name") on delete cascade
);

-- EXECUTE scripts already run on this node (by file name, whatever the queue).
create table "londiste"."applied_execute" (
    "queue_name"        text not null,
    "execute_file"      text not null,
    "execute_time"      timestamptz not null default now(),
    "execute_sql"       text not null,
    "execute_attrs"     text,
    constraint "applied_execute_pkey" primary key ("execute_file")
);

-- Foreign keys dropped during a copy, to be restored once both sides are in sync.
create table "londiste"."pending_fkeys" (
    "from_table"        text not null,
    "to_table"          text not null,
    "fkey_name"         text not null,
    "fkey_def"          text not null,
    constraint "pending_fkeys_pkey" primary key ("from_table", "fkey_name")
);
