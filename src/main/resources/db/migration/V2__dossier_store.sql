-- The dossier store: the one authoritative status and deadline of every dossier (hồ sơ).

-- Catalog ------------------------------------------------------------------------------------------------
create table agency (
    code        text primary key,                 -- QCVN 102:2016, e.g. 000.00.12.H56
    name        text not null,
    short_name  text,
    partner     text check (partner in ('tax', 'police', 'bhxh')),
    valid_from  date not null,
    valid_to    date,
    updated_at  timestamptz not null default now(),
    updated_by  text not null default 'catalog-file'
);

-- Each change to a procedure is a new version; dossiers keep the version they were received under.
create table procedure_version (
    id                 bigserial primary key,
    code               text not null,             -- national code d.dddddd
    version            int  not null,
    local_code         text,
    name               text not null,
    field              text,
    agency_code        text not null references agency (code),
    time_limit_value   int  not null check (time_limit_value >= 0),
    time_limit_unit    text not null check (time_limit_unit in ('WORKING_DAY', 'WORKING_HOUR')),
    fee_vnd            bigint not null default 0 check (fee_vnd >= 0),
    channels           text[] not null,
    postal_return      boolean not null,
    four_on_site       boolean not null,
    steps              jsonb not null default '[]'::jsonb,
    valid_from         date not null,
    valid_to           date,
    current            boolean not null default true,
    created_at         timestamptz not null default now(),
    created_by         text not null default 'catalog-file',
    unique (code, version)
);
create unique index procedure_current on procedure_version (code) where current;
create index procedure_local_code on procedure_version (local_code) where current and local_code is not null;

-- Working calendar: deviations from the weekday/weekend rule (holidays, compensatory days, swaps).
create table calendar_day (
    day         date primary key,
    kind        text not null check (kind in ('HOLIDAY', 'COMPENSATORY', 'SWAP_OFF', 'WORKING')),
    name        text not null,
    updated_at  timestamptz not null default now(),
    updated_by  text not null default 'calendar-file'
);

-- Dossiers -----------------------------------------------------------------------------------------------
create table dossier (
    id                   bigserial primary key,
    code                 text not null unique,    -- <agency code>-YYMMDD-XXXX
    procedure_id         bigint not null references procedure_version (id),
    procedure_code       text not null,
    agency_code          text not null references agency (code),
    applicant_name       text not null,
    applicant_id_number  char(12) not null,
    applicant_phone      text,
    applicant_email      text,
    applicant_address    text,
    channel              text not null check (channel in ('DIRECT', 'POSTAL', 'ONLINE')),
    return_method        text not null check (return_method in ('COUNTER', 'POSTAL')),
    fees_vnd             bigint not null default 0 check (fees_vnd >= 0),
    four_on_site         boolean not null default false,
    status               text not null,
    sub_state            text,
    current_agency       text,
    submitted_at         timestamptz,
    received_at          timestamptz,
    limit_minutes        bigint,                  -- the procedure's time limit at receipt, in working minutes
    same_day             boolean not null default false,
    original_due_at      timestamptz,             -- judged against: computed at receipt, moved by pauses only
    due_at               timestamptz,             -- current appointment (an extension moves it)
    paused_at            timestamptz,
    pause_kind           text,
    paused_minutes       bigint not null default 0,
    supplement_requests  int not null default 0,
    extended             boolean not null default false,
    ended_at             timestamptz,             -- first terminal state: the end of processing
    end_kind             text check (end_kind in ('RESOLVED', 'RETURNED', 'REFUSED', 'STOPPED', 'WITHDRAWN')),
    timeliness           text check (timeliness in ('EARLY', 'ON_TIME', 'LATE')),
    resolved_at          timestamptz,
    returned_at          timestamptz,
    due_soon_notified    boolean not null default false,
    overdue_notified     boolean not null default false,
    parent_id            bigint references dossier (id),
    step_order           int,
    step_partner         text,
    imported             boolean not null default false,
    version              bigint not null default 0,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now()
);
create index dossier_received on dossier (received_at);
create index dossier_alive on dossier (received_at, ended_at);
create index dossier_ended on dossier (ended_at) where ended_at is not null;
create index dossier_open_due on dossier (due_at) where ended_at is null and received_at is not null;
create index dossier_status on dossier (status);
create index dossier_agency on dossier (agency_code, received_at);
create index dossier_procedure on dossier (procedure_code, received_at);
create index dossier_parent on dossier (parent_id) where parent_id is not null;

-- Pause intervals (supplement requested, awaiting payment), with the working minutes they moved the due date.
create table dossier_pause (
    dossier_id       bigint not null references dossier (id) on delete cascade,
    seq              int not null,
    kind             text not null check (kind in ('SUPPLEMENT', 'PAYMENT')),
    started_at       timestamptz not null,
    ended_at         timestamptz,
    working_minutes  bigint,
    primary key (dossier_id, seq)
);

-- The immutable history of every dossier: who, when, what, why, through which channel, which form.
create table dossier_history (
    id           bigserial primary key,
    dossier_id   bigint not null references dossier (id) on delete cascade,
    event_id     text not null unique,
    type         text not null,
    from_status  text,
    to_status    text not null,
    at           timestamptz not null,
    actor        text not null,
    client       text,
    channel      text,
    reason       text,
    form_issued  text,
    details      jsonb not null default '{}'::jsonb,
    recorded_at  timestamptz not null default now()
);
create index dossier_history_dossier on dossier_history (dossier_id, id);

-- Receipt numbers: a 4-digit sequence per agency per day, never reused.
create table dossier_sequence (
    agency_code  text not null,
    day          date not null,
    last_value   int  not null,
    primary key (agency_code, day)
);

-- Idempotency-Key of POST /dossiers: the same key and body give the same dossier.
create table idempotency_key (
    client        text not null,
    key           text not null,
    request_hash  text not null,
    dossier_code  text not null,
    created_at    timestamptz not null default now(),
    primary key (client, key)
);

-- Transactional outbox: written in the same transaction as the change, relayed to Kafka hub.dossier.events.
create table outbox (
    id            bigserial primary key,
    event_id      text not null,
    dossier_code  text not null,
    type          text not null,
    occurred_at   timestamptz not null,
    payload       jsonb not null,
    created_at    timestamptz not null default now(),
    published_at  timestamptz
);
create index outbox_pending on outbox (id) where published_at is null;
