package vn.lienthong.hub.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.activemq.artemis.core.security.CheckType;
import org.junit.jupiter.api.Test;

class DeviceTopicTest {

    private static final DeviceIdentity PAD = new DeviceIdentity("pad-1", DeviceKind.RATING, "hcc", "Q01");
    private static final DeviceIdentity KIOSK = new DeviceIdentity("kiosk-1", DeviceKind.KIOSK, "hcc", null);

    @Test
    void parsesDeviceTopicsAndTheirArtemisAddresses() {
        DeviceTopic t = DeviceTopic.parse("hcc/thanh-hoa/rating/pad-1").orElseThrow();
        assertThat(t).isEqualTo(new DeviceTopic("thanh-hoa", DeviceKind.Channel.RATING, "pad-1"));
        assertThat(t.address()).isEqualTo("hcc.thanh-hoa.rating.pad-1");
        assertThat(DeviceTopic.parseAddress("hcc.thanh-hoa.rating.pad-1")).contains(t);
        assertThat(DeviceTopic.parseAddress("hcc.thanh-hoa.rating.pad-1::some-queue")).contains(t);
        assertThat(t.mqttTopic()).isEqualTo("hcc/thanh-hoa/rating/pad-1");
    }

    @Test
    void refusesWhatIsNotADeviceTopic() {
        assertThat(DeviceTopic.parse("hcc/hcc/rating")).isEmpty();
        assertThat(DeviceTopic.parse("hcc/hcc/rating/pad-1/extra")).isEmpty();
        assertThat(DeviceTopic.parse("xyz/hcc/rating/pad-1")).isEmpty();
        assertThat(DeviceTopic.parse("hcc/hcc/votes/pad-1")).isEmpty();
        assertThat(DeviceTopic.parse("hcc/+/rating/pad-1")).isEmpty();
        assertThat(DeviceTopic.parse("hcc/hcc/rating/#")).isEmpty();
        assertThat(DeviceTopic.parseAddress("hcc.*.rating.pad-1")).isEmpty();
        assertThat(DeviceTopic.parseAddress("hcc.#")).isEmpty();
        assertThat(DeviceTopic.parse(null)).isEmpty();
        assertThat(DeviceTopic.parse("hcc/hcc/rating/pad-1/")).isEmpty();
        assertThat(DeviceTopic.parse("hcc//rating/pad-1")).isEmpty();
        assertThat(DeviceTopic.parse("hcc/hcc/rating/")).isEmpty();
        assertThat(DeviceTopic.parse("/hcc/rating/pad-1")).isEmpty();
        assertThat(DeviceTopic.parse("hccx/hcc/rating/pad-1")).isEmpty();
        assertThat(DeviceTopic.parse("hc/hcc/rating/pad-1")).isEmpty();
        assertThat(DeviceTopic.parse("hcc/hcc//rating/pad-1")).isEmpty();
        assertThat(DeviceTopic.parse("hcc.hcc.rating.pad-1")).isEmpty();
        assertThat(DeviceTopic.parseAddress("hcc/hcc/rating/pad-1")).isEmpty();
    }

    @Test
    void theHandWrittenIdCheckAgreesWithThePattern() {
        List<String> ids = new ArrayList<>(List.of("", "a", "Z", "9", "-", "_", "a-", "a_", "-a", "_a", "pad-1", "PAD_01",
                "a.b", "a/b", "a+b", "a#b", "a*b", "a b", " a", "a ", "Đà", "aĐ", "a\u0000", "a\n", "é", "a:b", "a~b",
                "x".repeat(63), "x".repeat(64), "x".repeat(65), "-".repeat(64), "a" + "-".repeat(63), "a" + "-".repeat(64)));
        Random random = new Random(42);
        String valid = "aqZB09-_";
        String invalid = "./+#* :ĐéA\u0000~";
        for (int i = 0; i < 5000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(70);
            for (int k = 0; k < n; k++) {
                String from = random.nextInt(40) == 0 ? invalid : valid;
                b.append(from.charAt(random.nextInt(from.length())));
            }
            ids.add(b.toString());
        }
        for (String id : ids) {
            assertThat(DeviceTopic.isId(id)).as("'%s'", id).isEqualTo(DeviceTopic.ID.matcher(id).matches());
        }
        assertThat(DeviceTopic.isId(null)).isFalse();
    }

    @Test
    void aDevicePublishesOnItsOwnTopicsOfItsKindOnly() {
        assertThat(PAD.mayPublishOn(DeviceTopic.parse("hcc/hcc/rating/pad-1").orElseThrow())).isTrue();
        assertThat(PAD.mayPublishOn(DeviceTopic.parse("hcc/hcc/status/pad-1").orElseThrow())).isTrue();
        assertThat(PAD.mayPublishOn(DeviceTopic.parse("hcc/hcc/queue/pad-1").orElseThrow())).isFalse();
        assertThat(PAD.mayPublishOn(DeviceTopic.parse("hcc/hcc/rating/pad-2").orElseThrow())).isFalse();
        assertThat(PAD.mayPublishOn(DeviceTopic.parse("hcc/other/rating/pad-1").orElseThrow())).isFalse();
        assertThat(KIOSK.mayPublishOn(DeviceTopic.parse("hcc/hcc/queue/kiosk-1").orElseThrow())).isTrue();
        assertThat(KIOSK.mayPublishOn(DeviceTopic.parse("hcc/hcc/rating/kiosk-1").orElseThrow())).isFalse();
        assertThat(PAD.topics()).containsExactly("hcc/hcc/rating/pad-1", "hcc/hcc/status/pad-1");
        assertThat(KIOSK.topics()).containsExactly("hcc/hcc/queue/kiosk-1", "hcc/hcc/status/kiosk-1");
    }

    @Test
    void onTheBrokerADeviceMaySendToAndCreateItsOwnAddressesAndNothingElse() {
        assertThat(DeviceBrokerSecurity.mayDo(PAD, CheckType.SEND, "hcc.hcc.rating.pad-1")).isTrue();
        assertThat(DeviceBrokerSecurity.mayDo(PAD, CheckType.CREATE_ADDRESS, "hcc.hcc.status.pad-1")).isTrue();
        assertThat(DeviceBrokerSecurity.mayDo(PAD, CheckType.SEND, "hcc.hcc.rating.pad-2")).isFalse();
        assertThat(DeviceBrokerSecurity.mayDo(PAD, CheckType.SEND, "hcc.hcc.queue.pad-1")).isFalse();
        assertThat(DeviceBrokerSecurity.mayDo(PAD, CheckType.SEND, "hub.outbound.police")).isFalse();
        for (CheckType other : CheckType.values()) {
            if (other != CheckType.SEND && other != CheckType.CREATE_ADDRESS) {
                assertThat(DeviceBrokerSecurity.mayDo(PAD, other, "hcc.hcc.rating.pad-1")).as(other.name()).isFalse();
            }
        }
        assertThat(DeviceBrokerSecurity.mayDo(PAD, CheckType.CONSUME, "hcc.#")).isFalse();
        assertThat(DeviceBrokerSecurity.mayDo(PAD, CheckType.CREATE_ADDRESS, "hcc.#")).isFalse();
    }
}
