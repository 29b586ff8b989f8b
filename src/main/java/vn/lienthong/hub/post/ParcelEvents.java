package vn.lienthong.hub.post;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import vn.lienthong.hub.delivery.DeliveryLog;
import vn.lienthong.hub.dossier.Dossier;
import vn.lienthong.hub.dossier.DossierCommand;
import vn.lienthong.hub.dossier.DossierNotFoundException;
import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.dossier.DossierView;
import vn.lienthong.hub.dossier.EventType;
import vn.lienthong.hub.dossier.IllegalTransitionException;
import vn.lienthong.hub.dossier.Outbox;
import vn.lienthong.hub.platform.security.Secrets;
import vn.lienthong.hub.platform.web.Texts;

/**
 * The post's parcel events (webhook {@code POST /api/v1/post/events}, schemas/openapi/vnpost.yaml): signed,
 * applied once per event id, in any order. Each new event is one transaction: the event row, the parcel's status
 * (moved only by a later event, never back from a final one — {@link ParcelStatus}), a line in the message log,
 * and, when the post gives up on a result, the hand-back to the counter with its notice. Then its effect on the
 * dossier, through the lifecycle with event id {@code post:<eventId>}: HANDED_OVER accepts a postal dossier at
 * the signing of the handover minutes (its legal receipt time), DELIVERED returns the result at the delivery time.
 */
@Service
class ParcelEvents {

    /** The notice when the post gives up on a result: it is back at the counter. */
    static final String HANDED_BACK = "POSTAL_RETURN_FAILED";
    private static final Logger log = LoggerFactory.getLogger(ParcelEvents.class);

    private final PostSettings settings;
    private final PostContract contract;
    private final Parcels parcels;
    private final DossierService dossiers;
    private final Outbox outbox;
    private final DeliveryLog messages;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final TransactionTemplate tx;

    ParcelEvents(PostSettings settings, PostContract contract, Parcels parcels, DossierService dossiers, Outbox outbox,
            DeliveryLog messages, JdbcTemplate jdbc, ObjectMapper json, PlatformTransactionManager transactions) {
        this.settings = settings;
        this.contract = contract;
        this.parcels = parcels;
        this.dossiers = dossiers;
        this.outbox = outbox;
        this.messages = messages;
        this.jdbc = jdbc;
        this.json = json;
        this.tx = new TransactionTemplate(transactions);
    }

    /** One event as the post reported it. */
    record Event(String eventId, ParcelStatus type, Instant at, String orderId, String trackingNumber,
            String dossierCode, String kind, Integer attempt, String reason, String location, Long collectedVnd,
            JsonNode proof) {
    }

    /** What became of an event: the parcel after it, and its effect on the dossier. */
    record Outcome(String eventId, boolean duplicate, String dossierCode, String trackingNumber, String parcelStatus,
            boolean applied, String effect, String dossierStatus) {
    }

    private record Recorded(Event event, Parcel parcel, boolean duplicate, boolean applied, String effect) {
    }

    Outcome receive(byte[] body, String signature) {
        if (!WebhookSignature.verify(settings.webhookSecret, body, signature)) {
            log.warn("Refused a parcel event with a {} signature", signature == null ? "missing" : "wrong");
            throw ParcelEventProblem.invalidSignature();
        }
        if (!utf8(body)) {
            throw new ParcelEventProblem(HttpStatus.BAD_REQUEST, "malformed-json", "the body is not valid UTF-8");
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (Exception e) {
            throw new ParcelEventProblem(HttpStatus.BAD_REQUEST, "malformed-json", "the body is not JSON");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new ParcelEventProblem(HttpStatus.BAD_REQUEST, "malformed-json", "the body is empty");
        }
        // texts the store can keep, in NFC (the signature covered the bytes as sent; from here on it is the event)
        Texts.problem(tree).ifPresent(p -> {
            throw new ParcelEventProblem(HttpStatus.BAD_REQUEST, "invalid-request", p);
        });
        tree = Texts.nfc(tree);
        contract.validate("ParcelEvent", tree);
        Event e = event(tree);
        String payload = new String(body, StandardCharsets.UTF_8);
        String digest = Secrets.sha256(payload);
        Recorded r = tx.execute(status -> record(e, payload, digest));
        String effect = r.effect();
        EventType command = command(e);
        // a replay whose effect was refused before is tried again: the lifecycle applies post:<eventId> once
        if (command != null && (!r.duplicate() || effect == null || effect.startsWith("refused"))) {
            effect = applyToDossier(e, command);
            jdbc.update("update parcel_event set effect = ? where event_id = ?", effect, e.eventId());
        }
        String dossierStatus = dossiers.find(e.dossierCode()).map(d -> d.getStatus().name()).orElse(null);
        return new Outcome(e.eventId(), r.duplicate(), e.dossierCode(), r.parcel().trackingNumber() != null
                ? r.parcel().trackingNumber() : e.trackingNumber(), r.parcel().status().name(), r.applied(), effect,
                dossierStatus);
    }

    private Recorded record(Event e, String payload, String digest) {
        List<Map<String, Object>> seen = jdbc.queryForList(
                "select parcel_id, payload_digest, applied, effect from parcel_event where event_id = ?", e.eventId());
        if (!seen.isEmpty()) {
            return replay(e, digest, seen.get(0));
        }
        Parcel p = parcels.lockFor(e.trackingNumber(), e.orderId()).orElseThrow(() -> new ParcelEventProblem(
                HttpStatus.NOT_FOUND, "unknown-parcel", "no parcel with tracking number " + e.trackingNumber()
                        + " or order " + e.orderId()));
        if (!p.dossierCode().equals(e.dossierCode()) || !p.kind().equals(e.kind())) {
            throw new ParcelEventProblem(HttpStatus.UNPROCESSABLE_ENTITY, "parcel-mismatch", "parcel "
                    + e.trackingNumber() + " is the " + p.kind() + " of " + p.dossierCode() + ", not the " + e.kind()
                    + " of " + e.dossierCode());
        }
        if (p.trackingNumber() != null && !p.trackingNumber().equals(e.trackingNumber())) {
            throw new ParcelEventProblem(HttpStatus.UNPROCESSABLE_ENTITY, "parcel-mismatch", "order " + e.orderId()
                    + " has tracking number " + p.trackingNumber() + ", not " + e.trackingNumber());
        }
        boolean applied = ParcelStatus.moves(p.status(), p.statusAt(), e.type(), e.at());
        List<Long> inserted = jdbc.queryForList("""
                insert into parcel_event (event_id, parcel_id, type, at, attempt, reason, location, collected_vnd, proof,
                  payload_digest, applied)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                on conflict (event_id) do nothing returning id""", Long.class,
                e.eventId(), p.id(), e.type().name(), java.sql.Timestamp.from(e.at()), e.attempt(), e.reason(),
                e.location(), e.collectedVnd(), e.proof() == null ? null : e.proof().toString(), digest, applied);
        if (inserted.isEmpty()) {
            // the same event, concurrently: the other request recorded it
            Map<String, Object> row = jdbc.queryForMap(
                    "select parcel_id, payload_digest, applied, effect from parcel_event where event_id = ?", e.eventId());
            return replay(e, digest, row);
        }
        int failed = jdbc.queryForObject("select count(*) from parcel_event where parcel_id = ? and type = 'DELIVERY_FAILED'",
                Integer.class, p.id());
        jdbc.update("""
                update parcel set tracking_number = coalesce(tracking_number, ?), order_id = coalesce(order_id, ?),
                  status = case when ? then ? else status end, status_at = case when ? then ? else status_at end,
                  collected_vnd = coalesce(?, collected_vnd), failed_attempts = ?, updated_at = now()
                where id = ?""", e.trackingNumber(), e.orderId(), applied, e.type().name(), applied,
                java.sql.Timestamp.from(e.at()), e.collectedVnd(), failed, p.id());
        Parcel now = parcels.find(p.dossierCode(), p.kind()).orElseThrow();
        String detail = applied ? "parcel " + now.trackingNumber() + " now " + e.type()
                : "parcel " + now.trackingNumber() + " stays " + now.status() + " (a late or earlier event)";
        if (handsBack(now, e, failed)) {
            detail += "; " + handBack(now, e, failed);
        }
        messages.log("vnpost", "IN", e.dossierCode(), e.orderId(), "PARCEL_" + e.type().name(), payload, "ACCEPTED", 1, detail);
        log.info("Parcel event {} {} of {} for dossier {}: {}", e.eventId(), e.type(), now.trackingNumber(),
                e.dossierCode(), detail);
        return new Recorded(e, now, false, applied, null);
    }

    private Recorded replay(Event e, String digest, Map<String, Object> row) {
        if (!digest.equals(row.get("payload_digest"))) {
            throw new ParcelEventProblem(HttpStatus.CONFLICT, "event-id-reused",
                    "event id " + e.eventId() + " was already used for a different event");
        }
        Parcel p = jdbc.query("select dossier_code, kind from parcel where id = ?",
                (rs, i) -> parcels.find(rs.getString(1), rs.getString(2)).orElseThrow(),
                ((Number) row.get("parcel_id")).longValue()).get(0);
        log.info("Parcel event {} received again; already applied, nothing changes", e.eventId());
        return new Recorded(e, p, true, Boolean.TRUE.equals(row.get("applied")), (String) row.get("effect"));
    }

    /**
     * The post gives up on a result (RETURNED_TO_SENDER), or has failed at the door as often as the hub allows:
     * the result goes back to the counter — unless it was delivered after all.
     */
    private boolean handsBack(Parcel p, Event e, int failed) {
        return Parcel.DELIVERY.equals(p.kind()) && p.handedBackAt() == null && p.status() != ParcelStatus.DELIVERED
                && (e.type() == ParcelStatus.RETURNED_TO_SENDER
                        || (e.type() == ParcelStatus.DELIVERY_FAILED && failed >= settings.maxDeliveryAttempts));
    }

    /** In the event's transaction: the parcel marked handed back, and the notice on the dossier's event stream. */
    private String handBack(Parcel p, Event e, int failed) {
        String why = e.type() == ParcelStatus.RETURNED_TO_SENDER
                ? "returned to the center by the post" + (e.reason() == null ? "" : ": " + e.reason())
                : failed + " delivery attempts failed" + (e.reason() == null ? "" : " (last: " + e.reason() + ")");
        jdbc.update("update parcel set handed_back_at = ?, handed_back_reason = ?, updated_at = now() where id = ?",
                java.sql.Timestamp.from(e.at()), why, p.id());
        Dossier d = dossiers.find(p.dossierCode()).orElseThrow(() -> new DossierNotFoundException(p.dossierCode()));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("trackingNumber", p.trackingNumber());
        extra.put("parcelKind", p.kind());
        extra.put("failedAttempts", failed);
        extra.put("reason", why);
        extra.put("returnTo", "COUNTER");
        outbox.notice(d, "post:" + e.eventId() + ":handed-back", HANDED_BACK, e.at(), extra);
        log.warn("Result of dossier {} handed back to the counter: {}", p.dossierCode(), why);
        return "handed back to the counter (" + why + ")";
    }

    private static EventType command(Event e) {
        if (e.type() == ParcelStatus.HANDED_OVER && Parcel.PICKUP.equals(e.kind())) {
            return EventType.ACCEPT;
        }
        if (e.type() == ParcelStatus.DELIVERED && Parcel.DELIVERY.equals(e.kind())) {
            return EventType.RETURN;
        }
        return null;
    }

    private String applyToDossier(Event e, EventType type) {
        String receivedBy = e.proof() == null ? null : e.proof().path("receivedBy").asText(null);
        String reason = type == EventType.ACCEPT
                ? "handover minutes " + (e.proof() == null ? "" : e.proof().path("minutesNumber").asText("")) + " signed at the center"
                        + (receivedBy == null ? "" : ", received by " + receivedBy) + "; parcel " + e.trackingNumber()
                : "delivered by the post to " + (receivedBy == null ? "the addressee" : receivedBy) + "; parcel "
                        + e.trackingNumber();
        String actor = type == EventType.ACCEPT && receivedBy != null ? receivedBy : "vnpost";
        try {
            DossierView d = dossiers.apply(e.dossierCode(), new DossierCommand("post:" + e.eventId(), type, e.at(), actor,
                    "vnpost", reason, null, null));
            return "applied " + type + " at " + e.at() + ": dossier " + d.status();
        } catch (IllegalTransitionException ex) {
            log.warn("Parcel event {} could not {} dossier {}: {}", e.eventId(), type, e.dossierCode(), ex.getMessage());
            return "refused " + type + ": " + ex.getMessage();
        }
    }

    private static Event event(JsonNode n) {
        Instant at;
        try {
            at = Instant.parse(n.path("occurredAt").asText());
        } catch (DateTimeParseException ex) {
            // the schema checks date-time; an offset other than Z is fine too
            try {
                at = java.time.OffsetDateTime.parse(n.path("occurredAt").asText()).toInstant();
            } catch (DateTimeParseException ex2) {
                throw new ParcelEventProblem(HttpStatus.BAD_REQUEST, "invalid-request", "occurredAt is not a date-time");
            }
        }
        return new Event(n.path("eventId").asText(), ParcelStatus.valueOf(n.path("type").asText()), at,
                n.path("orderId").asText(), n.path("trackingNumber").asText(), n.path("dossierCode").asText(),
                n.path("kind").asText(), n.hasNonNull("attempt") ? n.get("attempt").asInt() : null,
                text(n, "reason"), text(n, "location"),
                n.hasNonNull("collectedVnd") ? n.get("collectedVnd").asLong() : null,
                n.hasNonNull("proof") ? n.get("proof") : null);
    }

    private static boolean utf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(body));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
