package vn.lienthong.hub.dossier;

import java.time.Instant;

/** What one applied event did: from which status to which, when, and the form it issued (if any). */
public record Transition(String type, DossierStatus from, DossierStatus to, Instant at, Form form) {
}
