package vn.lienthong.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a VIEWER sees of a payload: no names, id numbers, phones, e-mails, addresses or dates of birth. */
class PersonalDataMaskTest {

    @Test
    void jsonIsMaskedFieldByFieldAtAnyDepth() {
        String delivery = """
                {"deliveryId":"dlv-police-1","dossierCode":"000.00.61.H56-261122-0001","request":{
                 "person":{"fullName":"Lê Minh Khôi","dateOfBirth":"2026-11-02"},
                 "applicant":{"fullName":"Nguyễn Văn An","idNumber":"038090001234","phone":"0912345678",
                              "email":"an@example.vn","address":"28 Đại lộ Lê Lợi, Thanh Hóa"},
                 "address":{"street":"28 Đại lộ Lê Lợi","ward":"Hạc Thành"}}}""";

        String shown = PersonalDataMask.display(delivery, true);

        assertThat(shown).doesNotContain("Khôi", "Nguyễn", "038090001234", "0912345678", "an@example", "Lê Lợi",
                "Hạc Thành", "2026-11-02");
        assertThat(shown).contains("\"L*** M*** K***\"", "\"N*** V*** A***\"", "\"*********234\"", "\"*******678\"",
                "\"a***@***\"", "dlv-police-1", "000.00.61.H56-261122-0001");
    }

    @Test
    void xmlAndBrokenJsonAreMaskedByPattern() {
        String soap = "<ns:landUser><ns:fullName>Trần Thị Bình</ns:fullName><ns:idNumber>038190004321</ns:idNumber>"
                + "<ns:address>12 Lê Lai</ns:address></ns:landUser>";
        assertThat(PersonalDataMask.display(soap, true)).doesNotContain("Bình", "038190004321", "Lê Lai")
                .contains("<ns:fullName>T*** T*** B***</ns:fullName>", "<ns:idNumber>*********321</ns:idNumber>");
        String broken = "{\"applicant\": {\"fullName\": \"Nguyễn Văn An\", \"phone\": \"0912345678\"";
        assertThat(PersonalDataMask.display(broken, true)).doesNotContain("Nguyễn", "0912345678");
    }

    @Test
    void anOperatorSeesThePayloadAsItIs() {
        assertThat(PersonalDataMask.display("{\"fullName\":\"Nguyễn Văn An\"}", false)).contains("Nguyễn Văn An");
        assertThat(PersonalDataMask.display(null, true)).isNull();
    }
}
