package vn.lienthong.hub.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TextsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void vietnameseInNfdIsTheSameTextInNfc() throws Exception {
        String nfc = "Nguyễn Thị Ánh Tuyết";
        String nfd = Normalizer.normalize(nfc, Normalizer.Form.NFD);
        assertThat(nfd).isNotEqualTo(nfc).hasSizeGreaterThan(nfc.length());
        assertThat(Texts.nfc(nfd)).isEqualTo(nfc);
        assertThat(Texts.nfc((String) null)).isNull();

        JsonNode body = JSON.readTree("{\"applicant\": {\"fullName\": \"" + nfd + "\"}, \"tags\": [\"" + nfd + "\"], \""
                + nfd + "\": 1}");
        JsonNode normalized = Texts.nfc(body);
        assertThat(normalized.path("applicant").path("fullName").asText()).isEqualTo(nfc);
        assertThat(normalized.path("tags").get(0).asText()).isEqualTo(nfc);
        assertThat(normalized.has(nfc)).isTrue();
        // nothing to change: the same instance, no copy
        JsonNode plain = JSON.readTree("{\"a\": \"" + nfc + "\", \"n\": 1}");
        assertThat(Texts.nfc(plain)).isSameAs(plain);
    }

    @Test
    void textThatCannotBeStoredIsNamedWithItsPointer() throws Exception {
        assertThat(Texts.problem("Trần Văn Bình 🇻🇳")).isEmpty();
        assertThat(Texts.problem("a\u0000b")).contains("contains a NUL character");
        assertThat(Texts.problem("a\ud800b")).hasValueSatisfying(p -> assertThat(p).contains("unpaired"));
        assertThat(Texts.problem("a\udc00")).hasValueSatisfying(p -> assertThat(p).contains("unpaired"));
        assertThat(Texts.problem("\ud83c")).isPresent();

        assertThat(Texts.problem(JSON.readTree("{\"a\": {\"b\": [\"ok\", \"x\\u0000\"]}}")))
                .hasValue("/a/b/1: contains a NUL character");
        assertThat(Texts.problem(JSON.readTree("{\"a\\u0000\": 1}"))).hasValueSatisfying(p -> assertThat(p)
                .contains("field name"));
        assertThat(Texts.problem(JSON.readTree("{\"a\": [1, true, null, \"ok\"]}"))).isEmpty();
    }
}
