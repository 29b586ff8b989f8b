-- Every message exchanged with a partner, in or out: the dossier's timeline of deliveries and callbacks.
-- Payloads with personal data are kept for hub.delivery.payload-retention-days, then removed; digests stay.
create table message_log (
    id              bigserial primary key,
    partner         text not null,
    direction       text not null check (direction in ('OUT', 'IN')),
    dossier_code    text,
    delivery_id     text,
    message_type    text not null,
    payload_digest  text not null,
    payload         text,
    at              timestamptz not null default now(),
    outcome         text not null,
    attempt         int not null default 1,
    detail          text
);
create index message_log_dossier on message_log (dossier_code, id);
create index message_log_delivery on message_log (delivery_id);
create index message_log_payload_age on message_log (at) where payload is not null;

-- One row per planned delivery: the hub's own dedupe (a Kafka event read twice plans the same delivery id).
create table partner_delivery (
    delivery_id   text primary key,
    partner       text not null,
    dossier_code  text not null,
    kind          text not null,
    status        text not null default 'QUEUED' check (status in ('QUEUED', 'DELIVERED', 'PARKED', 'DISCARDED')),
    attempts      int not null default 0,
    last_error    text,
    created_at    timestamptz not null default now(),
    delivered_at  timestamptz
);
create index partner_delivery_open on partner_delivery (partner, created_at) where status = 'QUEUED';

-- At most one child dossier per step of an inter-agency parent.
create unique index dossier_parent_step on dossier (parent_id, step_order) where parent_id is not null;
