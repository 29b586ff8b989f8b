package vn.lienthong.hub.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The plain rules of the post: webhook signatures, the order of parcel statuses, postage by weight. */
class PostRulesTest {

    static final String SECRET = "a-shared-webhook-secret";
    static final byte[] BODY = "{\"eventId\":\"VNP-1\",\"type\":\"DELIVERED\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signatureIsTheHexHmacSha256OfTheRawBody() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(WebhookSignature.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        String sig = WebhookSignature.sign(SECRET, BODY);
        assertThat(WebhookSignature.verify(SECRET, BODY, sig)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, BODY, "sha256=" + sig.toUpperCase())).isTrue();
    }

    @Test
    void anyOtherSignatureIsRefused() {
        String sig = WebhookSignature.sign(SECRET, BODY);
        byte[] tampered = "{\"eventId\":\"VNP-1\",\"type\":\"DELIVERED\" }".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(SECRET, tampered, sig)).isFalse();
        assertThat(WebhookSignature.verify("another-secret", BODY, sig)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, BODY, null)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, BODY, "")).isFalse();
        assertThat(WebhookSignature.verify(SECRET, BODY, sig.substring(2))).isFalse();
        assertThat(WebhookSignature.verify(SECRET, BODY, "zz" + sig.substring(2))).isFalse();
        // no secret configured: nothing is authentic
        assertThat(WebhookSignature.verify("", BODY, sig)).isFalse();
        assertThat(WebhookSignature.verify(null, BODY, sig)).isFalse();
    }

    @Test
    void laterEventsMoveAParcelAndEarlierOnesDoNot() {
        Instant t = Instant.parse("2026-11-22T03:00:00Z");
        assertThat(ParcelStatus.moves(ParcelStatus.ORDERED, null, ParcelStatus.ACCEPTED, t)).isTrue();
        assertThat(ParcelStatus.moves(ParcelStatus.ACCEPTED, t, ParcelStatus.IN_TRANSIT, t.plusSeconds(1))).isTrue();
        assertThat(ParcelStatus.moves(ParcelStatus.IN_TRANSIT, t, ParcelStatus.PICKED_UP, t.minusSeconds(1))).isFalse();
        // failed at the door, then out again and failed again
        assertThat(ParcelStatus.moves(ParcelStatus.DELIVERY_FAILED, t, ParcelStatus.IN_TRANSIT, t.plusSeconds(1))).isTrue();
    }

    @Test
    void finalStatusesAreNotLeftForEarlierOnes() {
        Instant t = Instant.parse("2026-11-22T03:00:00Z");
        // DELIVERED before IN_TRANSIT: applied; the late IN_TRANSIT is not
        assertThat(ParcelStatus.moves(ParcelStatus.ACCEPTED, t, ParcelStatus.DELIVERED, t.plusSeconds(60))).isTrue();
        assertThat(ParcelStatus.moves(ParcelStatus.DELIVERED, t.plusSeconds(60), ParcelStatus.IN_TRANSIT, t.plusSeconds(30))).isFalse();
        // even one dated later: a delivered parcel stays delivered
        assertThat(ParcelStatus.moves(ParcelStatus.DELIVERED, t, ParcelStatus.DELIVERY_FAILED, t.plusSeconds(60))).isFalse();
        assertThat(ParcelStatus.moves(ParcelStatus.HANDED_OVER, t, ParcelStatus.IN_TRANSIT, t.plusSeconds(60))).isFalse();
        // proof of delivery beats a report of giving up, not the other way round
        assertThat(ParcelStatus.moves(ParcelStatus.RETURNED_TO_SENDER, t, ParcelStatus.DELIVERED, t.minusSeconds(60))).isTrue();
        assertThat(ParcelStatus.moves(ParcelStatus.DELIVERED, t, ParcelStatus.RETURNED_TO_SENDER, t.plusSeconds(60))).isFalse();
        assertThat(ParcelStatus.moves(ParcelStatus.DELIVERED, t, ParcelStatus.DELIVERED, t.plusSeconds(60))).isFalse();
    }

    @Test
    void postageGoesByWeightTiers() {
        Postage p = Postage.parse("250:26000, 500:28500, 2000:31500");
        assertThat(p.of(1)).isEqualTo(26_000);
        assertThat(p.of(250)).isEqualTo(26_000);
        assertThat(p.of(251)).isEqualTo(28_500);
        assertThat(p.of(2000)).isEqualTo(31_500);
        assertThat(p.of(5000)).isEqualTo(31_500);
        assertThatThrownBy(() -> Postage.parse("500:28500,250:26000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Postage.parse("26000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Postage.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void feesToRemitAddTheRemittanceFee() {
        PostSettings s = new PostSettings("x", 8000, "250:26000,500:28500,2000:31500", 200, 3, "Trung tâm", null, null);
        assertThat(s.charges(200, 50_000)).isEqualTo(new PostSettings.Charges(26_000, 50_000, 8_000, 84_000));
        assertThat(s.charges(400, 0)).isEqualTo(new PostSettings.Charges(28_500, 0, 0, 28_500));
        assertThat(s.center.address()).isEqualTo("Trung tâm");
    }
}
