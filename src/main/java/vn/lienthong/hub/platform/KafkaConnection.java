package vn.lienthong.hub.platform;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Where Kafka is, and an admin client for topics and health. */
public final class KafkaConnection implements AutoCloseable {
    private final String bootstrapServers;
    private final boolean embedded;
    private final Admin admin;

    KafkaConnection(String bootstrapServers, boolean embedded) {
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean embedded() {
        return embedded;
    }

    public Admin admin() {
        return admin;
    }

    void ensureTopics(int partitions, List<String> names) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream().filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, partitions, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create Kafka topics " + names + " on " + bootstrapServers, e);
            }
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
