package vn.lienthong.hub.dossier;

import java.time.Instant;

/** A dossier registered by the one-stop shop (or the post, or the national portal). */
public record NewDossier(String procedureCode, ApplicantInput applicant, String channel, String returnMethod,
        Instant receivedAt, Instant submittedAt, Long feesVnd, Boolean fourOnSite) {

    public record ApplicantInput(String fullName, String idNumber, String phone, String email, String address) {

        ApplicantInput normalized() {
            return new ApplicantInput(text("applicant.fullName", fullName), text("applicant.idNumber", idNumber),
                    text("applicant.phone", phone), text("applicant.email", email), text("applicant.address", address));
        }
    }

    /**
     * The same request with its texts in NFC (refused when a text cannot be stored): whatever form a client typed
     * Vietnamese in, the request is validated, hashed for its Idempotency-Key and stored the same way.
     */
    NewDossier normalized() {
        return new NewDossier(text("procedureCode", procedureCode), applicant == null ? null : applicant.normalized(),
                text("channel", channel), text("returnMethod", returnMethod), receivedAt, submittedAt, feesVnd, fourOnSite);
    }

    static String text(String field, String value) {
        java.util.Optional<String> problem = vn.lienthong.hub.platform.web.Texts.problem(value);
        if (problem.isPresent()) {
            throw new InvalidDossierException(field, problem.get());
        }
        return vn.lienthong.hub.platform.web.Texts.nfc(value);
    }
}
