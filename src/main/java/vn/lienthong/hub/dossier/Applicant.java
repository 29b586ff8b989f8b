package vn.lienthong.hub.dossier;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The person a dossier is for. Names and addresses are stored in Unicode NFC so that Vietnamese text typed in
 * NFD (combining marks) compares equal to the same text typed in NFC.
 */
public record Applicant(String fullName, String idNumber, String phone, String email, String address) {

    private static final Pattern ID = Pattern.compile("\\d{12}");
    private static final Pattern PHONE = Pattern.compile("(0|\\+84)\\d{9,10}");
    /** What people write between the digits of a phone number (String#replaceAll compiled it again for each dossier). */
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[ .-]");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}\\.[^@\\s.]{2,}");
    /** Province codes that open a 12-digit citizen ID (CCCD), Circular 07/2016/TT-BCA and its amendments. */
    private static final Set<String> PROVINCES = Set.of("001", "002", "004", "006", "008", "010", "011", "012", "014",
            "015", "017", "019", "020", "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036",
            "037", "038", "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
            "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082", "083", "084",
            "086", "087", "089", "091", "092", "093", "094", "095", "096");

    /** Normalizes and validates; throws {@link InvalidDossierException} naming the field. */
    public static Applicant of(String fullName, String idNumber, String phone, String email, String address) {
        // each text checked once and in NFC once (Texts.nfc returns a text already in NFC as it is)
        String name = NewDossier.text("applicant.fullName", fullName);
        NewDossier.text("applicant.phone", phone);
        NewDossier.text("applicant.email", email);
        String addr = NewDossier.text("applicant.address", address);
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidDossierException("applicant.fullName", "full name is required (at most 200 characters)");
        }
        if (idNumber == null || !ID.matcher(idNumber).matches() || !PROVINCES.contains(idNumber.substring(0, 3))) {
            throw new InvalidDossierException("applicant.idNumber",
                    "a citizen ID has 12 digits and starts with a province code (e.g. 038…)");
        }
        String tel = phone == null || phone.isBlank() ? null : PHONE_SEPARATORS.matcher(phone).replaceAll("");
        if (tel != null && !PHONE.matcher(tel).matches()) {
            throw new InvalidDossierException("applicant.phone", "a Vietnamese phone number: 0 or +84 then 9–10 digits");
        }
        String mail = email == null || email.isBlank() ? null : email.trim();
        if (mail != null && (mail.length() > 254 || !EMAIL.matcher(mail).matches())) {
            throw new InvalidDossierException("applicant.email", "not an e-mail address");
        }
        if (addr != null && addr.length() > 500) {
            throw new InvalidDossierException("applicant.address", "at most 500 characters");
        }
        return new Applicant(name.strip(), idNumber, tel, mail, addr == null || addr.isBlank() ? null : addr.strip());
    }
}
