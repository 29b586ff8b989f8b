-- The national axis (DVCQG): what the hub knows of the portal's view of each dossier. One row per dossier synced:
-- the last change sent, the last change the axis acknowledged (as its history row, so the report can tell which
-- later changes it does not hold yet), and what the axis said at the last reconciliation.
create table axis_sync (
    dossier_code      text primary key,
    last_event_id     text,
    last_status_sent  int,
    last_sent_at      timestamptz,
    last_change_at    timestamptz,
    acked_event_id    text,
    acked_history_id  bigint,
    acked_status      int,
    acknowledged_at   timestamptz,
    axis_status       int,
    checked_at        timestamptz,
    resent_count      int not null default 0
);

-- The sync report and the reconciliation look for the dossiers changed in a window.
create index dossier_history_recorded on dossier_history (recorded_at);

-- Sandbox: the simulated axis keeps the status code (1–10) of each sync message it received.
alter table sandbox_message add column status int;
create index sandbox_message_delivery on sandbox_message (partner, delivery_id, kind) where delivery_id is not null;

-- Sandbox: dossiers citizens submitted online on the simulated portal, offered to the hub until acknowledged.
create table sandbox_axis_submission (
    id               bigserial primary key,
    submission_id    text not null unique,
    procedure_code   text not null,
    applicant        jsonb not null,
    return_method    text not null,
    submitted_at     timestamptz not null,
    created_at       timestamptz not null default now(),
    acknowledged_at  timestamptz,
    dossier_code     text,
    rejected_reason  text
);
create index sandbox_axis_submission_pending on sandbox_axis_submission (id) where acknowledged_at is null;
