package vn.lienthong.hub.dossier;

import java.time.Instant;

/**
 * One event to apply to a dossier. {@code eventId} makes it idempotent; {@code at} is when it happened (now if
 * absent); {@code actor} who did it; {@code client} the system it came through.
 */
public record DossierCommand(String eventId, EventType type, Instant at, String actor, String client, String reason,
        Instant newDueAt, String toAgency) {

    /** The same command with its texts in NFC (refused when a text cannot be stored). */
    DossierCommand normalized() {
        return new DossierCommand(NewDossier.text("eventId", eventId), type, at, NewDossier.text("actor", actor),
                NewDossier.text("client", client), NewDossier.text("reason", reason), newDueAt,
                NewDossier.text("toAgency", toAgency));
    }
}
