package vn.lienthong.hub.post;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.dossier.DossierView;
import vn.lienthong.hub.dossier.InvalidDossierException;
import vn.lienthong.hub.dossier.NewDossier;

/**
 * A pickup booked for a citizen (nhận hồ sơ tại nhà): the dossier is registered as submitted through the post
 * (channel POSTAL, status SUBMITTED, clock not started) and its pickup parcel is booked, in one transaction — so
 * the dossier's SUBMIT event, when the dispatcher reads it, always finds the pickup to order.
 */
@Service
class PickupBookings {

    private final DossierService dossiers;
    private final Parcels parcels;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    PickupBookings(DossierService dossiers, Parcels parcels, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.dossiers = dossiers;
        this.parcels = parcels;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    record Booking(DossierView dossier, Parcel parcel, boolean created) {
    }

    /** {@code body} is a valid PickupBooking (schemas/openapi/vnpost.yaml). */
    Booking book(JsonNode body, String client, String idempotencyKey) {
        JsonNode a = body.path("applicant");
        String pickupAddress = body.path("pickupAddress").asText();
        String address = text(a, "address");
        // the same Idempotency-Key again must describe the same dossier, submitted at the same moment
        Instant submittedAt = idempotencyKey == null ? null : firstSubmittedAt(client, idempotencyKey);
        if (submittedAt == null) {
            submittedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        }
        NewDossier req = new NewDossier(body.path("procedureCode").asText(),
                new NewDossier.ApplicantInput(a.path("fullName").asText(), a.path("idNumber").asText(),
                        text(a, "phone"), text(a, "email"), address != null ? address : pickupAddress),
                "POSTAL", body.path("returnMethod").asText(), null, submittedAt,
                body.hasNonNull("feesVnd") ? body.get("feesVnd").asLong() : null, null);
        Integer weight = body.hasNonNull("weightGrams") ? body.get("weightGrams").asInt() : null;
        String note = text(body, "note");
        return tx.execute(status -> {
            DossierService.Created created = dossiers.create(req, client, client, idempotencyKey);
            Parcel parcel = parcels.book(created.dossier(), pickupAddress, weight, note);
            if (!created.created() && !Objects.equals(parcel.from().address(), pickupAddress)) {
                throw new InvalidDossierException("Idempotency-Key", "idempotency-key-reused",
                        "this Idempotency-Key was already used for a pickup at another address");
            }
            return new Booking(created.dossier(), parcel, created.created());
        });
    }

    private Instant firstSubmittedAt(String client, String key) {
        List<Instant> at = jdbc.query("""
                select d.submitted_at from idempotency_key k join dossier d on d.code = k.dossier_code
                where k.client = ? and k.key = ?""", (rs, i) -> rs.getTimestamp(1) == null ? null
                : rs.getTimestamp(1).toInstant(), client, key);
        return at.isEmpty() ? null : at.get(0);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) && !n.get(field).asText().isBlank() ? n.get(field).asText() : null;
    }
}
