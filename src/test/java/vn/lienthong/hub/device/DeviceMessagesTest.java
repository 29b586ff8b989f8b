package vn.lienthong.hub.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Reading device messages: size, JSON, schema and registry rules, and the reason given when one fails. */
class DeviceMessagesTest {

    private static final Map<String, DeviceIdentity> REGISTERED = Map.of(
            "pad-1", new DeviceIdentity("pad-1", DeviceKind.RATING, "hcc", "Q01"),
            "kiosk-1", new DeviceIdentity("kiosk-1", DeviceKind.KIOSK, "hcc", null));

    private final DeviceMessages messages = new DeviceMessages(new ObjectMapper(), registry(), settings());

    private static DeviceSettings settings() {
        DeviceSettings s = new DeviceSettings();
        s.setMaxPayloadBytes(1024);
        s.setCredentialCache(Duration.ofSeconds(1));
        return s;
    }

    private static DeviceRegistry registry() {
        return new DeviceRegistry(null, null, null, settings(), null, null) {
            @Override
            public Optional<DeviceIdentity> identity(String deviceId) {
                return Optional.ofNullable(REGISTERED.get(deviceId));
            }
        };
    }

    private DeviceEvent read(String topic, String payload) {
        return messages.read(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private String refusal(String topic, String payload) {
        try {
            read(topic, payload);
        } catch (RefusedDeviceMessage e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + payload);
    }

    @Test
    void readsARating() {
        DeviceEvent e = read("hcc/hcc/rating/pad-1", """
                {"eventId":"r-1","at":"2026-11-22T08:15:30+07:00","counterId":"Q01","officerId":"lan",
                 "dossierCode":"000.00.61.H56-261122-0001","rating":"VERY_SATISFIED","extra":"ignored"}""");
        assertThat(e.deviceId()).isEqualTo("pad-1");
        assertThat(e.eventId()).isEqualTo("r-1");
        assertThat(e.type()).isEqualTo("RATING");
        assertThat(e.rating()).isEqualTo("VERY_SATISFIED");
        assertThat(e.at()).isEqualTo(Instant.parse("2026-11-22T01:15:30Z"));
        assertThat(e.counterId()).isEqualTo("Q01");
        assertThat(e.officerId()).isEqualTo("lan");
        assertThat(e.payload()).startsWith("{\"eventId\":\"r-1\"");
    }

    @Test
    void readsDatesByHandAsTheFormatterDoes() {
        for (String at : java.util.List.of("2026-11-22T08:15:30+07:00", "2026-11-22t08:15:30z", "2026-11-22T08:15:30Z",
                "2026-11-22T08:15:30.5Z", "2026-11-22T08:15:30.123456789-05:30", "2024-02-29T23:59:59.000+18:00",
                "0001-01-01T00:00:00-18:00", "2026-11-22T08:15:30.25+00:00", "2026-11-22T08:15:30-00:00")) {
            assertThat(DeviceMessages.commonInstant(at)).as(at)
                    .isEqualTo(java.time.OffsetDateTime.parse(at.toUpperCase(java.util.Locale.ROOT)).toInstant());
        }
        // what the formatter refuses is refused, whichever path it takes
        for (String at : java.util.List.of("2026-02-29T08:15:30Z", "2026-11-22T24:00:00Z", "2026-11-22T08:60:00Z",
                "2026-11-22T23:59:60Z", "2026-11-22T08:15:30.1234567891Z",
                "2026-11-22T08:15:30+19:00", "2026-11-22T08:15:30+07:60", "2026-11-22 08:15:30Z",
                "2026-11-22T08:15:30", "2026-13-01T00:00:00Z", "2026-11-22T08:15:30Z ", "+2026-11-22T08:15:30Z")) {
            assertThat(DeviceMessages.commonInstant(at)).as(at).isNull();
            assertThatThrownBy(() -> DeviceMessages.instant(at)).as(at).isInstanceOf(RefusedDeviceMessage.class);
        }
        // shapes the hand reader leaves to the formatter
        for (String at : java.util.List.of("2026-11-22T08:15+07:00", "2026-11-22T08:15:30.+07:00")) {
            assertThat(DeviceMessages.commonInstant(at)).as(at).isNull();
            assertThat(DeviceMessages.instant(at)).as(at)
                    .isEqualTo(java.time.OffsetDateTime.parse(at).toInstant());
        }
    }

    @Test
    void readsQueueEventsAndHeartbeats() {
        DeviceEvent q = read("hcc/hcc/queue/kiosk-1", """
                {"eventId":"k-9","at":"2026-11-22T01:00:00Z","type":"TICKET_ISSUED","ticket":"A015","serviceArea":"DAT_DAI"}""");
        assertThat(q.type()).isEqualTo("TICKET_ISSUED");
        assertThat(q.ticket()).isEqualTo("A015");
        assertThat(q.serviceArea()).isEqualTo("DAT_DAI");
        DeviceEvent s = read("hcc/hcc/status/kiosk-1", """
                {"at":"2026-11-22T08:00:00.250+07:00","state":"ONLINE","battery":87,"firmware":"2.3.1"}""");
        assertThat(s.eventId()).isEqualTo("status@2026-11-22T01:00:00.250Z");
        assertThat(s.state()).isEqualTo("ONLINE");
        assertThat(s.battery()).isEqualTo(87);
    }

    @Test
    void namesTheRuleThatFailed() {
        String topic = "hcc/hcc/rating/pad-1";
        assertThat(refusal(topic, "not json")).startsWith("not JSON: ");
        assertThat(refusal(topic, "{\"a\":1} trailing")).startsWith("not JSON: ");
        assertThat(refusal(topic, "")).isEqualTo("not JSON: empty payload");
        assertThat(refusal(topic, "\"text\"")).isEqualTo("not a JSON object: the payload is STRING");
        assertThat(refusal(topic, "{\"eventId\":\"1\",\"at\":\"2026-11-22T08:00:00+07:00\",\"counterId\":\"Q01\",\"rating\":\"GREAT\"}"))
                .startsWith("schema device-rating: /rating: does not have a value in the enumeration")
                .endsWith("(got \"GREAT\")");
        assertThat(refusal(topic, "{\"eventId\":\"1\",\"counterId\":\"Q01\",\"rating\":\"SATISFIED\"}"))
                .isEqualTo("schema device-rating: /: required property 'at' not found");
        assertThat(refusal(topic, "{\"eventId\":\"1\",\"at\":\"yesterday\",\"counterId\":\"Q01\",\"rating\":\"SATISFIED\"}"))
                .startsWith("schema device-rating: /at: ").contains("date-time").endsWith("(got \"yesterday\")");
        assertThat(refusal("hcc/hcc/status/pad-1", "{\"at\":\"2026-11-22T08:00:00+07:00\",\"state\":\"ONLINE\",\"battery\":140}"))
                .startsWith("schema device-status: /battery: ").endsWith("(got 140)");
        assertThat(refusal(topic, "{\"eventId\":\"1\",\"at\":\"2026-11-22T08:00:00+07:00\",\"counterId\":\"Q\\u0000\",\"rating\":\"SATISFIED\"}"))
                .contains("NUL");
        assertThat(refusal(topic, "{\"eventId\":\"1\",\"eventId\":\"2\"}")).startsWith("not JSON: Duplicate field");
    }

    @Test
    void refusesTooLargePayloadsBeforeReadingThem() {
        String big = "{\"eventId\":\"" + "x".repeat(2000) + "\"}";
        assertThat(refusal("hcc/hcc/rating/pad-1", big)).isEqualTo("too large: 2014 bytes, at most 1024");
    }

    @Test
    void refusesUnknownDevicesAndTopicsNotTheirs() {
        String vote = "{\"eventId\":\"1\",\"at\":\"2026-11-22T08:00:00+07:00\",\"counterId\":\"Q01\",\"rating\":\"SATISFIED\"}";
        assertThat(refusal("hcc/hcc/rating/pad-9", vote)).isEqualTo("unknown device pad-9: not in the device registry");
        assertThat(refusal("hcc/other/rating/pad-1", vote))
                .isEqualTo("device pad-1 (RATING of center hcc) does not publish on hcc/other/rating/pad-1");
        assertThat(refusal("hcc/hcc/rating/kiosk-1", vote)).contains("does not publish on hcc/hcc/rating/kiosk-1");
        assertThat(refusal("hcc/hcc/votes/pad-1", vote)).startsWith("not a device topic: hcc/hcc/votes/pad-1");
    }

    @Test
    void parksUnreadableBytesAsBase64() {
        assertThat(DeviceIngest.text("plain".getBytes(StandardCharsets.UTF_8))).isEqualTo("plain");
        assertThat(DeviceIngest.text(new byte[] {(byte) 0xC3, (byte) 0x28})).isNull();
        assertThat(DeviceIngest.text(new byte[] {'a', 0, 'b'})).isNull();
    }

    @Test
    void refusalsWithoutAStackTrace() {
        assertThatThrownBy(() -> read("hcc/hcc/rating/pad-1", "x")).isInstanceOf(RefusedDeviceMessage.class)
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }
}
