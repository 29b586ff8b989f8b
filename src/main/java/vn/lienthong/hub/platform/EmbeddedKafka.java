package vn.lienthong.hub.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's in-process Kafka broker, in KRaft mode (broker and controller in one node, replication 1),
 * with its log under {@code hub.data-dir/kafka} so topics and offsets survive a restart.
 */
public class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaConfig config;
    private final int port;
    private KafkaRaftServer server;
    private boolean running;

    public EmbeddedKafka(Path dataDir, int brokerPort, int controllerPort, int partitions) throws Exception {
        Path logDir = dataDir.resolve("kafka").toAbsolutePath();
        Files.createDirectories(logDir);
        this.port = Ports.resolve(brokerPort);
        int controller = Ports.resolve(controllerPort);
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", String.valueOf(partitions));
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("log.retention.hours", "168");
        p.put("unclean.leader.election.enable", "false");
        this.config = new KafkaConfig(p, false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            new Formatter()
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setUnstableFeatureVersionsEnabled(false)
                    .setIgnoreFormatted(true)
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .run();
        }
        start();
        log.info("Embedded Kafka (KRaft) listening on 127.0.0.1:{} (controller {}, log {})", port, controller, logDir);
    }

    /** Starts the broker on its ports and log (a new server: a stopped KafkaRaftServer cannot start again). */
    public synchronized void start() {
        if (running) {
            return;
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        running = true;
    }

    /** Stops the broker cleanly; its log stays, so {@link #start()} finds every topic, record and offset again. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        server.shutdown();
        server.awaitShutdown();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}
