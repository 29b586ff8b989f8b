-- The operations console: every action an operator takes (route control, replay or discard of a dead letter or a
-- parked message, Jolokia operations that change something, logins), who took it, when, on what, the state before
-- and after, and the reason given. Rows are only ever inserted; the console lists them at /console/audit.
create table operator_audit (
    id            bigserial primary key,
    at            timestamptz not null default now(),
    who           text        not null,
    role          text,
    action        text        not null,
    target        text,
    before_state  text,
    after_state   text,
    reason        text,
    outcome       text        not null default 'OK' check (outcome in ('OK', 'FAILED')),
    detail        text,
    remote_addr   text
);
create index operator_audit_at on operator_audit (at desc, id desc);
create index operator_audit_who on operator_audit (who, at desc);
create index operator_audit_target on operator_audit (target);

-- What the connectors page asks every few seconds, per partner: the last delivery, the delivery lag of the last hour,
-- the deliveries parked on a dead-letter queue, and the outcomes of the last 15 minutes.
create index partner_delivery_delivered on partner_delivery (partner, delivered_at) where status = 'DELIVERED';
create index partner_delivery_parked on partner_delivery (partner) where status = 'PARKED';
create index message_log_recent on message_log (at, partner);
