-- Hall devices: the registry (credentials for the MQTT broker, liveness) and the events they send.

-- Registered devices: queue-ticket kiosks, counter call units, rating pads. Passwords as BCrypt hashes only.
create table device (
    device_id       text primary key,              -- one MQTT topic level: [A-Za-z0-9][A-Za-z0-9_-]{0,63}
    kind            text not null check (kind in ('KIOSK', 'COUNTER', 'RATING')),
    center          text not null,
    counter_id      text,
    username        text not null unique,
    password_hash   text not null,
    registered_at   timestamptz not null default now(),
    registered_by   text not null,
    updated_at      timestamptz not null default now(),
    -- liveness: any message proves the device alive; no message for hub.devices.offline-after flags it offline
    last_seen_at    timestamptz,
    online          boolean not null default false,
    offline_since   timestamptz,
    state           text,                          -- last reported ONLINE / OFFLINE
    battery         int,
    firmware        text
);
create index device_online_seen on device (last_seen_at) where online;

-- Every accepted device message, once: (device_id, event_id) is the dedupe key (insert … on conflict do
-- nothing). Heartbeats have no event id of their own: theirs is "status@<at>". The hub's own events about a
-- device (DEVICE_OFFLINE, DEVICE_ONLINE) are rows of channel 'hub'. published_at is set by the relay to Kafka
-- hub.device.events, after Kafka acknowledged the event.
create table device_event (
    id             bigserial primary key,
    device_id      text not null,
    event_id       text not null,
    center         text not null,
    channel        text not null check (channel in ('QUEUE', 'RATING', 'STATUS', 'HUB')),
    type           text not null,                 -- TICKET_ISSUED CALLED SERVED NO_SHOW | RATING | STATUS | DEVICE_*
    at             timestamptz not null,          -- when it happened, by the device's clock
    received_at    timestamptz not null default now(),
    ticket         text,
    service_area   text,
    counter_id     text,
    officer_id     text,
    dossier_code   text,
    rating         text check (rating in ('VERY_SATISFIED', 'SATISFIED', 'UNSATISFIED')),
    state          text,
    battery        int,
    firmware       text,
    payload        jsonb not null,
    published_at   timestamptz,
    unique (device_id, event_id)
);
create index device_event_unpublished on device_event (id) where published_at is null;
-- satisfaction report: votes in a period, optionally of one counter or officer
create index device_event_rating on device_event (at) include (rating, counter_id, officer_id) where type = 'RATING';
-- queue report: tickets issued, called, served, no-shows in a period
create index device_event_queue on device_event (at) include (type, center, service_area, ticket)
    where channel = 'QUEUE';
create index device_event_status on device_event (received_at) where channel = 'STATUS';
