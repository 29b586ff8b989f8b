package vn.lienthong.hub.delivery;

import java.util.Collections;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.jms.JmsBinding;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import vn.lienthong.hub.platform.ParkingLot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * A delivery whose queue session closed (the broker restarted while it waited for its next attempt) is neither
 * tried again nor parked: the broker gives the message to a live consumer, and this exchange must only roll back.
 */
class QueueLeaseTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final ObjectMapper json = new ObjectMapper();

    private Exchange received(Session session) throws JMSException {
        Exchange exchange = new DefaultExchange(camel);
        jakarta.jms.Message message = mock(jakarta.jms.Message.class);
        when(message.getPropertyNames()).thenReturn(Collections.emptyEnumeration());
        exchange.setIn(new JmsMessage(exchange, message, session, new JmsBinding()));
        exchange.getIn().setBody("""
                {"deliveryId":"dlv-police-e1","partner":"police","dossierCode":"000.00.50.H56-261122-0001"}""");
        QueueLease.take(exchange);
        return exchange;
    }

    private static Session open() throws JMSException {
        Session session = mock(Session.class);
        when(session.getTransacted()).thenReturn(true);
        return session;
    }

    private static Session closed() throws JMSException {
        Session session = mock(Session.class);
        when(session.getTransacted()).thenThrow(new jakarta.jms.IllegalStateException("Session is closed"));
        return session;
    }

    @Test
    void anOpenSessionKeepsTheLease() throws Exception {
        assertThat(QueueLease.lost(received(open()))).isFalse();
    }

    @Test
    void aClosedSessionHasLostIt() throws Exception {
        assertThat(QueueLease.lost(received(closed()))).isTrue();
    }

    @Test
    void anyOtherDoubtKeepsTheLease() throws Exception {
        Session session = mock(Session.class);
        when(session.getTransacted()).thenThrow(new JMSException("broker busy"));
        assertThat(QueueLease.lost(received(session))).isFalse();
        assertThat(QueueLease.lost(new DefaultExchange(camel))).as("not from a queue").isFalse();
    }

    @Test
    void aRetryWhoseSessionClosedStopsWithAnExceptionSoItsTransactionRollsBack() throws Exception {
        PartnerDeliveries deliveries = new PartnerDeliveries(mock(DeliveryLog.class), json);
        Exchange exchange = received(closed());
        deliveries.beforeRedelivery(exchange);
        assertThat(exchange.getException()).isInstanceOf(QueueLease.Lost.class);
        assertThat(exchange.isRouteStop()).isTrue();

        Exchange alive = received(open());
        deliveries.beforeRedelivery(alive);
        assertThat(alive.getException()).isNull();
        assertThat(alive.isRouteStop()).isFalse();
    }

    @Test
    void aDeliveryWhoseSessionClosedIsNotParkedOnTheDeadLetterQueue() throws Exception {
        ProducerTemplate producer = mock(ProducerTemplate.class);
        DeliveryLog log = mock(DeliveryLog.class);
        DeadLetters deadLetters = new DeadLetters(mock(ParkingLot.class), log, json, producer);
        Exchange exchange = received(closed());
        exchange.setProperty(Exchange.FAILURE_ROUTE_ID, "agency-deliver-police");
        assertThatThrownBy(() -> deadLetters.handle(exchange)).isInstanceOf(QueueLease.Lost.class);
        verifyNoInteractions(producer, log);
    }
}
