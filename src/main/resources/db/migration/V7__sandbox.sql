-- What each sandbox simulator (tax, police, bhxh, …) received, in arrival order: GET /sandbox/<partner>/messages.
-- Sandbox mode only writes here; the table is harmless (and empty) in production.
create table sandbox_message (
    id            bigserial primary key,
    partner       text not null,
    delivery_id   text,
    dossier_code  text,
    kind          text,
    payload       text,
    received_at   timestamptz not null default now(),
    duplicate     boolean not null default false
);
create index sandbox_message_partner_dossier on sandbox_message (partner, dossier_code, id);
