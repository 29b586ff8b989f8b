package vn.lienthong.hub.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts planned deliveries on their partners' work queues {@code hub.outbound.<partner>}: persistent, with the dossier
 * code as message group (JMSXGroupID), so one dossier's deliveries never overtake each other. A batch goes in one
 * JMS transaction: all of it is queued, or none of it, and the broker syncs its journal once for the batch instead
 * of once for every message.
 */
@Component("deliveryQueues")
public class DeliveryQueues {

    public static final String QUEUE_PREFIX = "hub.outbound.";

    private final JmsTemplate jms;

    DeliveryQueues(ConnectionFactory connectionFactory) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
    }

    /** Queues the deliveries, in order, in one transaction; throws (having queued nothing) if the broker refuses. */
    public void send(List<Dispatcher.Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        jms.execute((Session session) -> {
            try {
                Map<String, MessageProducer> producers = new HashMap<>();
                for (Dispatcher.Delivery d : deliveries) {
                    MessageProducer producer = producers.get(d.getPartner());
                    if (producer == null) {
                        producer = session.createProducer(session.createQueue(QUEUE_PREFIX + d.getPartner()));
                        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                        producers.put(d.getPartner(), producer);
                    }
                    TextMessage message = session.createTextMessage(d.getBody());
                    message.setStringProperty("JMSXGroupID", d.getDossierCode());
                    message.setStringProperty(PartnerDeliveries.PARTNER, d.getPartner());
                    producer.send(message);
                }
                session.commit();
            } catch (JMSException | RuntimeException e) {
                rollback(session);
                throw e;
            }
            return null;
        }, true);
    }

    private static void rollback(Session session) {
        try {
            session.rollback();
        } catch (JMSException ignored) {
            // the session is gone with the broker: nothing was committed
        }
    }
}
