package vn.lienthong.hub.console;

import java.util.Enumeration;
import java.util.OptionalLong;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.QueueBrowser;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jms.InvalidDestinationException;
import org.springframework.jms.core.BrowserCallback;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * How many messages wait on an Artemis queue: asked of the broker itself when it is embedded (sandbox), counted
 * with a queue browser (up to {@link #BROWSE_LIMIT}) when it is external.
 */
@Component
class QueueDepths {

    static final int BROWSE_LIMIT = 10_000;

    private final ObjectProvider<EmbeddedActiveMQ> embedded;
    private final JmsTemplate jms;

    QueueDepths(ObjectProvider<EmbeddedActiveMQ> embedded, ConnectionFactory connectionFactory) {
        this.embedded = embedded;
        this.jms = new JmsTemplate(connectionFactory);
    }

    /** The depth; empty when the broker cannot be asked. A queue that was never used has depth 0. */
    OptionalLong depth(String queue) {
        try {
            EmbeddedActiveMQ broker = embedded.getIfAvailable();
            ActiveMQServer server = broker == null ? null : broker.getActiveMQServer();
            if (server != null && server.isActive()) {
                Queue q = server.locateQueue(SimpleString.of(queue));
                return OptionalLong.of(q == null ? 0 : q.getMessageCount());
            }
            Long counted = browse(jms, queue, (session, browser) -> count(browser));
            return counted == null ? OptionalLong.empty() : OptionalLong.of(counted);
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Browses a queue. A queue browsed for the first time is created by the broker; two first looks at once both ask
     * for it, and one is told it exists already (AMQ229019, an {@code InvalidDestinationException}): it does now, so
     * that one looks again. The console's other browsers (the dead-letter desk) go through here too.
     */
    static <T> T browse(JmsTemplate jms, String queue, BrowserCallback<T> action) {
        try {
            return jms.browse(queue, action);
        } catch (InvalidDestinationException e) {
            return jms.browse(queue, action);
        }
    }

    private static long count(QueueBrowser browser) throws jakarta.jms.JMSException {
        Enumeration<?> e = browser.getEnumeration();
        long n = 0;
        while (e.hasMoreElements() && n < BROWSE_LIMIT) {
            e.nextElement();
            n++;
        }
        return n;
    }
}
