package vn.lienthong.hub.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jms.core.JmsTemplate;

/**
 * The embedded broker with its security manager on: the hub's own users keep working (Spring's JMS template in-VM,
 * CORE over TCP with spring.artemis.user/password, the health check), anonymous connections are refused, and a
 * device's credentials open nothing but its own topics.
 */
class BrokerAccessIT extends DeviceTestSupport {

    @Autowired
    JmsTemplate jms;

    @Autowired
    Environment env;

    private String coreUrl() {
        return "tcp://127.0.0.1:" + env.getProperty("hub.embedded.artemis-port");
    }

    @Test
    void springsJmsTemplateStillSendsAndReceives() {
        String queue = "it.broker." + UUID.randomUUID();
        jms.convertAndSend(queue, "hello");
        jms.setReceiveTimeout(10_000);
        assertThat(jms.receiveAndConvert(queue)).isEqualTo("hello");
    }

    @Test
    void coreOverTcpWithTheInternalUserWorksAndAnonymousIsRefused() throws Exception {
        String user = env.getProperty("spring.artemis.user");
        String password = env.getProperty("spring.artemis.password");
        assertThat(user).isNotBlank();
        assertThat(password).isNotBlank();
        String queue = "it.core." + UUID.randomUUID();
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(coreUrl(), user, password);
             Connection c = cf.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage("over tcp"));
            assertThat(((TextMessage) consumer.receive(10_000)).getText()).isEqualTo("over tcp");
        }
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(coreUrl())) {
            assertThatThrownBy(cf::createConnection).isInstanceOf(JMSSecurityException.class);
        }
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(coreUrl(), user, "wrong-" + password)) {
            assertThatThrownBy(cf::createConnection).isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void aDevicesCredentialsOpenNothingButItsOwnTopics() throws Exception {
        TestDevice pad = register(DeviceKind.RATING, "hcc-broker");
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(coreUrl(), pad.username(), pad.password());
             Connection c = cf.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> s.createConsumer(s.createQueue("hub.outbound.police")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> s.createProducer(s.createQueue("hub.outbound.police")).send(s.createTextMessage("x")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> s.createConsumer(s.createTopic("hcc.#")))
                    .isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void theHealthCheckSeesTheBroker() {
        JsonNode health = asOperator("viewer").get().uri("/actuator/health").retrieve().body(JsonNode.class);
        assertThat(health.path("components").path("artemis").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("mqtt").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("status").asText()).isEqualTo("UP");
    }
}
