package vn.lienthong.hub.delivery;

import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans the shared route configuration refers to by name. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfig {

    /** Called by hub-default on every failed attempt: records it in the message log when it is a delivery. */
    @Bean("hubAttemptFailed")
    Processor hubAttemptFailed(PartnerDeliveries deliveries) {
        return deliveries::attemptFailed;
    }

    /** Called by hub-default before each redelivery: a delivery whose queue session closed is not tried again. */
    @Bean("hubBeforeRedelivery")
    Processor hubBeforeRedelivery(PartnerDeliveries deliveries) {
        return deliveries::beforeRedelivery;
    }
}
