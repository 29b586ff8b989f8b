-- Messages that a route could not deliver and that a retry will not fix: kept with their reason until an
-- operator replays or discards them. Nothing acknowledged is ever dropped silently.
create table parked_message (
    id          bigserial primary key,
    parked_at   timestamptz not null default now(),
    route_id    text,
    endpoint    text,
    source      text        not null,
    reason      text        not null,
    dossier_code text,
    body        text,
    headers     jsonb       not null default '{}'::jsonb,
    status      text        not null default 'PARKED' check (status in ('PARKED', 'REPLAYED', 'DISCARDED')),
    resolved_at timestamptz,
    resolved_by text,
    resolution  text
);
create index parked_message_open on parked_message (parked_at) where status = 'PARKED';
create index parked_message_dossier on parked_message (dossier_code);
