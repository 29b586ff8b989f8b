package vn.lienthong.hub.dossier;

import java.time.Instant;

/** A dossier registered by the one-stop shop (or the post, or the national portal). */
public record NewDossier(String procedureCode, ApplicantInput applicant, String channel, String returnMethod,
        Instant receivedAt, Instant submittedAt, Long feesVnd, Boolean fourOnSite) {

    public record ApplicantInput(String fullName, String idNumber, String phone, String email, String address) {
    }
}
