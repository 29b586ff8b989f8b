package vn.lienthong.hub.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import vn.lienthong.hub.delivery.DeadLetters;
import vn.lienthong.hub.delivery.DeliveryLog;
import vn.lienthong.hub.delivery.PartnerDeliveries;

/**
 * The partners' dead-letter queues {@code DLQ.hub.outbound.<partner>}: browse them, replay a delivery (back on
 * {@code hub.outbound.<partner>}, same body and message group, the dead-letter headers dropped; its
 * {@code partner_delivery} row QUEUED again) or discard it with a reason (row DISCARDED). Each replay or discard is
 * one JMS transaction — receive by JMSMessageID, send, commit — with the store updated before the commit, so a
 * delivery is never both on the queue and in the DLQ, nor lost between them. Every action is audited.
 */
@Component
class DeadLetterDesk {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDesk.class);
    static final String DLQ_PREFIX = "DLQ.hub.outbound.";
    static final String QUEUE_PREFIX = "hub.outbound.";
    private static final Pattern PARTNER = Pattern.compile("[a-z][a-z0-9]{0,30}");
    private static final Pattern MESSAGE_ID = Pattern.compile("ID:[A-Za-z0-9:_.-]{1,120}");
    /** Headers of a dead letter that a replayed delivery must not carry. */
    private static final Set<String> DEAD_LETTER_HEADERS = Set.of(DeadLetters.REASON, "HubFailedAt", "HubFailedRoute",
            "HubAttempts");
    private static final long RECEIVE_TIMEOUT_MS = 5_000;
    static final int BROWSE_LIMIT = 200;

    record Letter(String messageId, String partner, String deliveryId, String dossierCode, String kind, String reason,
            Integer attempts, String failedAt, String failedRoute, String payload) {
    }

    record Outcome(String messageId, boolean done, String deliveryId, String detail) {
    }

    private final ConnectionFactory connections;
    private final JmsTemplate browser;
    private final DeliveryLog deliveries;
    private final JdbcTemplate jdbc;
    private final OperatorAudit audit;
    private final Operators operators;
    private final ConsoleFormat format;
    private final ObjectMapper json;
    private final TransactionTemplate tx;

    DeadLetterDesk(ConnectionFactory connectionFactory, DeliveryLog deliveries, JdbcTemplate jdbc, OperatorAudit audit,
            Operators operators, ConsoleFormat format, ObjectMapper json, TransactionTemplate tx) {
        this.tx = tx;
        // replays use a connection of their own, not the shared cached sessions of the routes
        this.connections = connectionFactory instanceof CachingConnectionFactory c && c.getTargetConnectionFactory() != null
                ? c.getTargetConnectionFactory() : connectionFactory;
        this.browser = new JmsTemplate(connectionFactory);
        this.deliveries = deliveries;
        this.jdbc = jdbc;
        this.audit = audit;
        this.operators = operators;
        this.format = format;
        this.json = json;
    }

    static String partner(String partner) {
        if (partner == null || !PARTNER.matcher(partner).matches()) {
            throw new ConsoleProblem(400, "unknown-partner", "not a partner name: " + partner);
        }
        return partner;
    }

    /** The dead letters of a partner, oldest first, at most {@link #BROWSE_LIMIT}; payloads masked when asked. */
    List<Letter> browse(String partner, boolean mask) {
        String p = partner(partner);
        // a partner's DLQ may not exist yet: the first looks create it (QueueDepths.browse looks again on a race)
        List<Letter> letters = QueueDepths.browse(browser, DLQ_PREFIX + p, (session, qb) -> {
            List<Letter> out = new ArrayList<>();
            Enumeration<?> e = qb.getEnumeration();
            while (e.hasMoreElements() && out.size() < BROWSE_LIMIT) {
                out.add(letter(p, (Message) e.nextElement(), mask));
            }
            return out;
        });
        return letters == null ? List.of() : letters;
    }

    private Letter letter(String partner, Message m, boolean mask) throws JMSException {
        String body = body(m);
        String kind = null;
        try {
            JsonNode d = json.readTree(body);
            kind = d.path("kind").asText(null);
        } catch (Exception notJson) {
            // shown as it is
        }
        Integer attempts = m.propertyExists("HubAttempts") ? m.getIntProperty("HubAttempts") : null;
        String failedAt = m.getStringProperty("HubFailedAt");
        return new Letter(m.getJMSMessageID(), partner, m.getStringProperty(PartnerDeliveries.DELIVERY_ID),
                m.getStringProperty(PartnerDeliveries.DOSSIER), kind, m.getStringProperty(DeadLetters.REASON), attempts,
                failedAt == null ? format.at(Instant.ofEpochMilli(m.getJMSTimestamp())) : format.at(failedAt),
                m.getStringProperty("HubFailedRoute"), PersonalDataMask.display(body, mask));
    }

    List<Outcome> replay(String partner, List<String> messageIds, String reason) {
        String p = partner(partner);
        List<Outcome> out = new ArrayList<>();
        for (String id : ids(messageIds)) {
            out.add(move(p, id, reason, true));
        }
        return out;
    }

    List<Outcome> discard(String partner, List<String> messageIds, String reason) {
        String p = partner(partner);
        if (reason == null || reason.isBlank()) {
            throw new ConsoleProblem(400, "reason-required", "a discard needs a reason");
        }
        List<Outcome> out = new ArrayList<>();
        for (String id : ids(messageIds)) {
            out.add(move(p, id, reason, false));
        }
        return out;
    }

    private static List<String> ids(List<String> messageIds) {
        if (messageIds == null || messageIds.isEmpty()) {
            throw new ConsoleProblem(400, "nothing-selected", "no message selected");
        }
        if (messageIds.size() > BROWSE_LIMIT) {
            throw new ConsoleProblem(400, "too-many", "at most " + BROWSE_LIMIT + " messages at once");
        }
        for (String id : messageIds) {
            if (id == null || !MESSAGE_ID.matcher(id).matches()) {
                throw new ConsoleProblem(400, "invalid-message-id", "not a JMS message id: " + id);
            }
        }
        return messageIds;
    }

    /** Replays (back to the partner's queue) or discards one dead letter, in one JMS transaction. */
    private Outcome move(String partner, String messageId, String reason, boolean replay) {
        String action = replay ? "DLQ_REPLAY" : "DLQ_DISCARD";
        String dlq = DLQ_PREFIX + partner;
        String target = dlq + " " + messageId;
        String deliveryId = null;
        String dossier = null;
        try (Connection c = connections.createConnection()) {
            c.start();
            try (Session s = c.createSession(true, Session.SESSION_TRANSACTED);
                    MessageConsumer consumer = s.createConsumer(s.createQueue(dlq), "JMSMessageID = '" + messageId + "'")) {
                Message m = consumer.receive(RECEIVE_TIMEOUT_MS);
                if (m == null) {
                    s.rollback();
                    audit.record(action, target, null, null, reason, OperatorAudit.FAILED, "no longer on " + dlq);
                    return new Outcome(messageId, false, null, "no longer on " + dlq);
                }
                deliveryId = m.getStringProperty(PartnerDeliveries.DELIVERY_ID);
                dossier = m.getStringProperty(PartnerDeliveries.DOSSIER);
                String body = body(m);
                String before = state(deliveryId);
                String id = deliveryId;
                String code = dossier;
                try {
                    // the store first, the JMS commit inside its transaction: if the commit fails the store rolls back;
                    // a delivery route that takes the message at once waits on the row until the store has committed
                    tx.executeWithoutResult(status -> {
                        try {
                            if (replay) {
                                try (MessageProducer producer = s.createProducer(s.createQueue(QUEUE_PREFIX + partner))) {
                                    producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                                    producer.send(requeued(s, m, body));
                                }
                                if (id != null) {
                                    deliveries.requeued(id);
                                    deliveries.log(partner, "OUT", code, id, kind(body), body, "REQUEUED", 0,
                                            "replayed from " + dlq + " by " + operators.name() + suffix(reason));
                                }
                            } else if (id != null) {
                                jdbc.update("""
                                        update partner_delivery set status = 'DISCARDED', last_error = ?
                                        where delivery_id = ? and status in ('PARKED', 'QUEUED')""",
                                        cut("discarded by " + operators.name() + ": " + reason), id);
                                deliveries.log(partner, "OUT", code, id, kind(body), body, "DISCARDED", 0,
                                        "discarded from " + dlq + " by " + operators.name() + suffix(reason));
                            }
                            s.commit();
                        } catch (JMSException e) {
                            throw new IllegalStateException(e.getMessage(), e);
                        }
                    });
                } catch (RuntimeException e) {
                    s.rollback();
                    throw e;
                }
                String after = state(deliveryId);
                audit.record(action, target + (deliveryId == null ? "" : " delivery " + deliveryId),
                        "on " + dlq + (before == null ? "" : ", delivery " + before),
                        (replay ? "on " + QUEUE_PREFIX + partner : "removed") + (after == null ? "" : ", delivery " + after),
                        reason, OperatorAudit.OK, dossier == null ? null : "dossier " + dossier);
                log.info("{} {} {} (delivery {}, dossier {}) by {}", replay ? "Replayed" : "Discarded", dlq, messageId,
                        deliveryId, dossier, operators.name());
                return new Outcome(messageId, true, deliveryId, replay ? "requeued" : "discarded");
            }
        } catch (Exception e) {
            audit.record(action, target, null, null, reason, OperatorAudit.FAILED, e.toString());
            log.warn("{} of {} {} failed: {}", replay ? "Replay" : "Discard", dlq, messageId, e.toString());
            return new Outcome(messageId, false, deliveryId, e.getMessage());
        }
    }

    /** The same delivery, same message group, without the dead-letter headers. */
    private static Message requeued(Session s, Message dead, String body) throws JMSException {
        TextMessage out = s.createTextMessage(body);
        for (String name : Collections.list(castNames(dead.getPropertyNames()))) {
            if (DEAD_LETTER_HEADERS.contains(name) || name.startsWith("JMSX") || name.startsWith("_AMQ")
                    || name.startsWith("__AMQ") || name.startsWith("JMS_")) {
                continue;
            }
            out.setObjectProperty(name, dead.getObjectProperty(name));
        }
        String group = dead.getStringProperty("JMSXGroupID");
        if (group != null) {
            out.setStringProperty("JMSXGroupID", group);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Enumeration<String> castNames(Enumeration<?> names) {
        return (Enumeration<String>) names;
    }

    private static String body(Message m) throws JMSException {
        if (m instanceof TextMessage t) {
            return t.getText();
        }
        if (m instanceof BytesMessage b) {
            byte[] bytes = new byte[(int) b.getBodyLength()];
            b.readBytes(bytes);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return m.getBody(String.class);
    }

    private String kind(String body) {
        try {
            return json.readTree(body).path("kind").asText("DELIVERY");
        } catch (Exception e) {
            return "DELIVERY";
        }
    }

    private String state(String deliveryId) {
        if (deliveryId == null) {
            return null;
        }
        List<String> s = jdbc.queryForList("select status from partner_delivery where delivery_id = ?", String.class,
                deliveryId);
        return s.isEmpty() ? null : s.get(0);
    }

    /** The number of dead letters per partner, for the tabs of the page. */
    Map<String, Long> depths(QueueDepths queues) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String p : ConnectorBoard.PARTNERS) {
            out.put(p, queues.depth(DLQ_PREFIX + p).orElse(-1));
        }
        return out;
    }

    private static String suffix(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }

    private static String cut(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
