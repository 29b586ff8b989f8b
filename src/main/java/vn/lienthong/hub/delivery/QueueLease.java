package vn.lienthong.hub.delivery;

import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;

/**
 * A delivery route's hold on the queued message it works on: the JMS session that received it, in whose
 * transaction the message leaves {@code hub.outbound.<partner>}. When the broker goes away (a restart, a lost
 * connection) that session is closed: it can neither commit nor roll back, and the broker gives the message again to
 * another consumer. The exchange still holding it must stop there — retrying would call the partner again beside
 * its twin (a duplicate, perhaps after the dossier's next delivery), and parking it would put on the DLQ a
 * delivery that is being delivered.
 */
public final class QueueLease {

    static final String SESSION = "HubJmsSession";

    private QueueLease() {
    }

    /** Remembers the session that received the exchange's message (the first step of every delivery route). */
    static void take(Exchange exchange) {
        if (exchange.getIn() instanceof JmsMessage m && m.getJmsSession() != null) {
            exchange.setProperty(SESSION, m.getJmsSession());
        }
    }

    /**
     * Whether the exchange's message was received by a session that is closed now. Only a session that says so
     * counts (it can never commit: the message stays on the broker); any other doubt keeps the lease.
     */
    static boolean lost(Exchange exchange) {
        Session session = exchange.getProperty(SESSION, Session.class);
        if (session == null) {
            return false;
        }
        try {
            session.getTransacted();
            return false;
        } catch (jakarta.jms.IllegalStateException closed) {
            return true;
        } catch (JMSException | RuntimeException other) {
            return false;
        }
    }

    /** The exchange's message is no longer this consumer's to deliver (see {@link QueueLease}). */
    public static final class Lost extends RuntimeException {
        Lost(String message) {
            super(message);
        }
    }
}
