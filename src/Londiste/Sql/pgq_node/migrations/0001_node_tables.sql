-- Cascade metadata, the same four tables as pgq_node 3.5 (columns and keys are the API: the
-- python tools and our admin read them directly).
--
--   node_location    every member of the cascade this node knows of, with its connect string;
--                    the root's copy is authoritative and is broadcast with pgq.location-info events.
--   node_info        this database's own role in the cascade, one row per queue: root | branch | leaf,
--                    the worker (consumer) that keeps the node up to date, an optional combined
--                    queue (merge leaf) and free-form urlencoded attributes.
--   local_state      the position of every cascaded consumer that writes into this database: the
--                    provider it reads from and the last tick it committed here. The worker's row is
--                    what takeover and change-provider rewrite (provider_node, last_tick_id), so a
--                    node changes parent by updating one row.
--   subscriber_info  the nodes that read from this node: their worker consumer and the watermark
--                    consumer (".<node>.watermark") that holds back rotation until they have passed it.
create table pgq_node.node_location (
    queue_name      text not null,
    node_name       text not null,
    node_location   text not null,
    dead            boolean not null default false,
    constraint node_location_pkey primary key (queue_name, node_name)
);

create table pgq_node.node_info (
    queue_name      text not null,
    node_type       text not null,
    node_name       text not null,
    worker_name     text,
    combined_queue  text,
    node_attrs      text,
    constraint node_info_pkey primary key (queue_name),
    constraint node_info_queue_name_node_name_fkey foreign key (queue_name, node_name)
        references pgq_node.node_location (queue_name, node_name),
    constraint node_info_node_type_check check (node_type in ('root', 'branch', 'leaf')),
    -- Every node has a worker; only a leaf may feed a combined queue.
    constraint node_info_check check (worker_name is not null and (node_type = 'leaf' or combined_queue is null))
);

create table pgq_node.local_state (
    queue_name      text not null,
    consumer_name   text not null,
    provider_node   text not null,
    last_tick_id    bigint not null,
    cur_error       text,
    paused          boolean not null default false,
    uptodate        boolean not null default false,
    constraint local_state_pkey primary key (queue_name, consumer_name),
    constraint local_state_queue_name_fkey foreign key (queue_name) references pgq_node.node_info (queue_name),
    constraint local_state_queue_name_provider_node_fkey foreign key (queue_name, provider_node)
        references pgq_node.node_location (queue_name, node_name)
);

create table pgq_node.subscriber_info (
    queue_name          text not null,
    subscriber_node     text not null,
    worker_name         text not null,
    watermark_name      text not null,
    constraint subscriber_info_pkey primary key (queue_name, subscriber_node),
    constraint subscriber_info_queue_name_fkey foreign key (queue_name) references pgq_node.node_info (queue_name),
    constraint subscriber_info_queue_name_subscriber_node_fkey foreign key (queue_name, subscriber_node)
        references pgq_node.node_location (queue_name, node_name),
    constraint subscriber_info_worker_name_fkey foreign key (worker_name) references pgq.consumer (co_name),
    constraint subscriber_info_watermark_name_fkey foreign key (watermark_name) references pgq.consumer (co_name)
);
