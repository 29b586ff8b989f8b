-- Vietnam Post parcels (bưu chính công ích): dossiers picked up from citizens, results delivered to them.
-- One parcel per dossier and kind; its status is the post's latest word by the events' own time, except that a
-- final status (HANDED_OVER, DELIVERED, RETURNED_TO_SENDER) is never left for an earlier one.
create table parcel (
    id                  bigserial primary key,
    dossier_code        text not null,
    kind                text not null check (kind in ('DOSSIER_PICKUP', 'RESULT_DELIVERY')),
    tracking_number     text unique,               -- the post's, known from its answer to the order or its first event
    order_id            text unique,               -- the X-Delivery-Id the order was placed with
    status              text not null check (status in ('BOOKED', 'PLANNED', 'ORDERED', 'ACCEPTED', 'PICKED_UP',
                            'IN_TRANSIT', 'HANDED_OVER', 'DELIVERED', 'DELIVERY_FAILED', 'RETURNED_TO_SENDER')),
    status_at           timestamptz,               -- occurredAt of the event that set the status
    weight_grams        int not null check (weight_grams > 0),
    postage_vnd         bigint not null check (postage_vnd >= 0),
    fees_vnd            bigint not null default 0 check (fees_vnd >= 0),           -- procedure fees the post collects
    remittance_fee_vnd  bigint not null default 0 check (remittance_fee_vnd >= 0), -- to remit them to the center
    collect_vnd         bigint not null default 0 check (collect_vnd >= 0),        -- all the post collects
    collected_vnd       bigint,                                                    -- what it reported collecting
    from_name           text not null,
    from_phone          text,
    from_address        text not null,
    to_name             text not null,
    to_phone            text,
    to_address          text not null,
    note                text,                      -- for the postal worker (e.g. when to call)
    failed_attempts     int not null default 0,
    handed_back_at      timestamptz,               -- given up on: the result is back at the counter
    handed_back_reason  text,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    unique (dossier_code, kind)
);

-- Every parcel event the post reported, once per event id (webhook replays are not stored again).
create table parcel_event (
    id              bigserial primary key,
    event_id        text not null unique,
    parcel_id       bigint not null references parcel (id),
    type            text not null check (type in ('ACCEPTED', 'PICKED_UP', 'IN_TRANSIT', 'HANDED_OVER', 'DELIVERED',
                        'DELIVERY_FAILED', 'RETURNED_TO_SENDER')),
    at              timestamptz not null,          -- when it happened, by the post
    attempt         int,
    reason          text,
    location        text,
    collected_vnd   bigint,
    proof           jsonb,
    payload_digest  text not null,                 -- SHA-256 of the body: the same id with another body is refused
    applied         boolean not null,              -- whether it set the parcel's status (false: late or out of order)
    effect          text,                          -- what it did to the dossier, if anything
    received_at     timestamptz not null default now()
);
create index parcel_event_parcel on parcel_event (parcel_id, at, id);
