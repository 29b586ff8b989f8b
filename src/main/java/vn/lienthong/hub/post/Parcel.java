package vn.lienthong.hub.post;

import java.time.Instant;

/** A parcel of the post for a dossier: a dossier picked up from a citizen, or a result delivered to one. */
record Parcel(long id, String dossierCode, String kind, String trackingNumber, String orderId, ParcelStatus status,
        Instant statusAt, int weightGrams, PostSettings.Charges charges, Long collectedVnd, PostSettings.Party from,
        PostSettings.Party to, String note, int failedAttempts, Instant handedBackAt, String handedBackReason,
        Instant createdAt) {

    static final String PICKUP = "DOSSIER_PICKUP";
    static final String DELIVERY = "RESULT_DELIVERY";
}
