package vn.lienthong.hub.post;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** {@code hub.post.*}: the webhook secret, the tariff, the center as sender and recipient, the attempts allowed. */
@Component
class PostSettings {

    final String webhookSecret;
    final long remittanceFeeVnd;
    final Postage postage;
    final int defaultWeightGrams;
    final int maxDeliveryAttempts;
    final Party center;

    PostSettings(@Value("${hub.post.webhook-secret:}") String webhookSecret,
            @Value("${hub.post.remittance-fee-vnd:8000}") long remittanceFeeVnd,
            @Value("${hub.post.postage:250:26000,500:28500,2000:31500}") String postage,
            @Value("${hub.post.default-weight-grams:200}") int defaultWeightGrams,
            @Value("${hub.post.max-delivery-attempts:3}") int maxDeliveryAttempts,
            @Value("${hub.post.center.name:Trung tâm Phục vụ hành chính công}") String centerName,
            @Value("${hub.post.center.phone:}") String centerPhone,
            @Value("${hub.post.center.address:}") String centerAddress) {
        if (remittanceFeeVnd < 0 || defaultWeightGrams <= 0 || maxDeliveryAttempts < 1) {
            throw new IllegalArgumentException("hub.post: remittance-fee-vnd ≥ 0, default-weight-grams > 0 and "
                    + "max-delivery-attempts ≥ 1 are required");
        }
        this.webhookSecret = webhookSecret;
        this.remittanceFeeVnd = remittanceFeeVnd;
        this.postage = Postage.parse(postage);
        this.defaultWeightGrams = defaultWeightGrams;
        this.maxDeliveryAttempts = maxDeliveryAttempts;
        this.center = new Party(centerName, centerPhone == null || centerPhone.isBlank() ? null : centerPhone,
                centerAddress == null || centerAddress.isBlank() ? centerName : centerAddress);
    }

    /** The charges of a parcel of {@code weightGrams} on which the post collects {@code feesVnd} for the center. */
    Charges charges(int weightGrams, long feesVnd) {
        long postageVnd = postage.of(weightGrams);
        long remittance = feesVnd > 0 ? remittanceFeeVnd : 0;
        return new Charges(postageVnd, feesVnd, remittance, postageVnd + feesVnd + remittance);
    }

    /** A sender or recipient. */
    record Party(String name, String phone, String address) {
    }

    /** What a parcel costs and what the post collects from the citizen (schemas/openapi/vnpost.yaml, Charges). */
    record Charges(long postageVnd, long feesVnd, long remittanceFeeVnd, long collectVnd) {
    }
}
