package vn.lienthong.hub.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.text.Normalizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The applicant's validation and normalization (Applicant.of). */
class ApplicantTest {

    static final String NAME = "Nguyễn Thị Ánh Tuyết";
    static final String ID = "038090001234";

    static String nfd(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD);
    }

    static InvalidDossierException refused(String name, String id, String phone, String email, String address) {
        InvalidDossierException e = catchThrowableOfType(InvalidDossierException.class,
                () -> Applicant.of(name, id, phone, email, address));
        assertThat(e).as("refused: %s %s %s %s", name, id, phone, email).isNotNull();
        assertThat(e.reason()).isEqualTo("invalid-request");
        return e;
    }

    @Test
    void aValidApplicantIsNormalized() {
        Applicant a = Applicant.of("  " + NAME + " ", ID, "0912 345.678", "  tuyet@example.vn ", " Phường Hạc Thành ");
        assertThat(a).isEqualTo(new Applicant(NAME, ID, "0912345678", "tuyet@example.vn", "Phường Hạc Thành"));
    }

    @Test
    void optionalFieldsMayBeAbsentOrBlank() {
        assertThat(Applicant.of(NAME, ID, null, null, null)).isEqualTo(new Applicant(NAME, ID, null, null, null));
        assertThat(Applicant.of(NAME, ID, " ", "", "  ")).isEqualTo(new Applicant(NAME, ID, null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"001090001234", "038090001234", "079200012345", "096123456789"})
    void aCitizenIdHasTwelveDigitsAndAProvinceCode(String id) {
        assertThat(Applicant.of(NAME, id, null, null, null).idNumber()).isEqualTo(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "03809000123",    // 11 digits (the old 9-digit CMND-like lengths are not citizen IDs either)
            "0380900012345",  // 13 digits
            "038090001234 ",  // trailing space
            "03809000123A",   // a letter
            "038 09000123",   // a space inside
            "003090001234",   // 003 is not a province code
            "000090001234",   // nor is 000
            "097090001234",   // nor 097 (the list ends at 096)
            "１２３４５６７８９０１２", // full-width digits: \\d must not accept them
            "123456789"})
    void anythingElseIsNotACitizenId(String id) {
        assertThat(refused(NAME, id, null, null, null).field()).isEqualTo("applicant.idNumber");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0912345678", "+84912345678", "0912-345-678", "024 3825 1234", "02438251234"})
    void vietnamesePhoneNumbers(String phone) {
        assertThat(Applicant.of(NAME, ID, phone, null, null).phone()).doesNotContain(" ", "-", ".");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "0912", "912345678", "+8491234", "+1 202 555 0100", "09123456789012", "0912abc678"})
    void otherPhoneNumbersAreRefused(String phone) {
        assertThat(refused(NAME, ID, phone, null, null).field()).isEqualTo("applicant.phone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"an@example.vn", "nguyen.van.an+hcc@thanhhoa.gov.vn", "a@b.co"})
    void emailAddresses(String email) {
        assertThat(Applicant.of(NAME, ID, null, email, null).email()).isEqualTo(email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-at-sign", "a@b", "a b@example.vn", "a@@example.vn", "@example.vn", "a@example.v"})
    void otherEmailAddressesAreRefused(String email) {
        assertThat(refused(NAME, ID, null, email, null).field()).isEqualTo("applicant.email");
    }

    @Test
    void anOverlongEmailIsRefused() {
        String email = "a".repeat(64) + "@" + "b".repeat(187) + ".vn"; // 255 characters
        assertThat(refused(NAME, ID, null, email, null).field()).isEqualTo("applicant.email");
    }

    @Test
    void theNameIsRequired() {
        assertThat(refused(null, ID, null, null, null).field()).isEqualTo("applicant.fullName");
        assertThat(refused("   ", ID, null, null, null).field()).isEqualTo("applicant.fullName");
        assertThat(refused("x".repeat(201), ID, null, null, null).field()).isEqualTo("applicant.fullName");
    }

    @Test
    void anOverlongAddressIsRefused() {
        assertThat(refused(NAME, ID, null, null, "x".repeat(501)).field()).isEqualTo("applicant.address");
    }

    @Test
    void namesAndAddressesTypedInNfdAreStoredInNfcAndCompareEqual() {
        String address = "Số 1 Lê Lợi, phường Hạc Thành, tỉnh Thanh Hóa";
        assertThat(nfd(NAME)).isNotEqualTo(NAME); // the test is only meaningful if the two forms differ
        assertThat(nfd(address)).isNotEqualTo(address);

        Applicant typedNfc = Applicant.of(NAME, ID, null, null, address);
        Applicant typedNfd = Applicant.of(nfd(NAME), ID, null, null, nfd(address));

        assertThat(typedNfd).isEqualTo(typedNfc);
        assertThat(typedNfd.fullName()).isEqualTo(NAME);
        assertThat(typedNfd.address()).isEqualTo(address);
        assertThat(Normalizer.isNormalized(typedNfd.fullName(), Normalizer.Form.NFC)).isTrue();
    }

    @Test
    void theNameLengthIsCountedAfterNormalization() {
        // 200 characters in NFC, more in NFD (each "ễ" is three code units there): accepted
        String name = "Nguyễn ".repeat(28) + "Ánh"; // 7 * 28 + 3 = 199
        String longNfd = nfd(name + "ễ");
        assertThat(longNfd.length()).isGreaterThan(200);
        assertThat(Applicant.of(longNfd, ID, null, null, null).fullName()).hasSize(200);
    }
}
