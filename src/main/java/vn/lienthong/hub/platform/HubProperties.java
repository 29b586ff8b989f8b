package vn.lienthong.hub.platform;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Our own settings ({@code hub.*}). Every value has an environment-variable form through relaxed binding
 * (e.g. {@code HUB_EMBEDDED_KAFKA_PORT}); application.yaml documents the defaults.
 */
@ConfigurationProperties("hub")
public class HubProperties {

    /** Where the embedded servers keep their files; a restart on the same directory finds everything again. */
    private Path dataDir = Path.of("data");
    /** The center this hub serves, used in MQTT topics and reports. */
    private String center = "hcc";
    private final Embedded embedded = new Embedded();
    private final Kafka kafka = new Kafka();
    private final Security security = new Security();
    private final Mqtt mqtt = new Mqtt();

    public Path getDataDir() { return dataDir; }
    public void setDataDir(Path dataDir) { this.dataDir = dataDir; }
    public String getCenter() { return center; }
    public void setCenter(String center) { this.center = center; }
    public Embedded getEmbedded() { return embedded; }
    public Kafka getKafka() { return kafka; }
    public Security getSecurity() { return security; }
    public Mqtt getMqtt() { return mqtt; }

    /**
     * The MQTT broker of the hall devices and the hub's own identity there. With the embedded broker an empty url
     * means its MQTT acceptor, and an empty username/password is the broker's internal user with a password
     * generated at start-up (see {@code ArtemisPlatformConfig}).
     */
    public static class Mqtt {
        private String url = "";
        private String username = "";
        private String password = "";
        /** Client id of the hub's ingest subscription: stable, so its persistent session survives a restart. */
        private String clientId = "hub-device-ingest";

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getClientId() { return clientId; }
        public void setClientId(String clientId) { this.clientId = clientId; }
    }

    /** Ports of the embedded servers; 0 means a free port picked at start-up. */
    public static class Embedded {
        private int postgresPort = 15432;
        private int artemisPort = 61626;
        private int mqttPort = 11883;
        private int kafkaPort = 19092;
        private int kafkaControllerPort = 19093;
        /** Upper bound of memory the embedded broker may use for messages before paging to disk. */
        private long artemisGlobalMaxSizeMb = 256;
        /**
         * Memory one partner's delivery address ({@code hub.outbound.*}) may hold before that address alone pages
         * to disk. Without it, a partner outage's backlog filled the broker's global memory, and then every address
         * paged, the hall devices' MQTT feed included.
         */
        private long artemisPartnerAddressMaxSizeMb = 32;
        /**
         * fsync on the embedded PostgreSQL. Off by default: a commit is then written to the kernel before the hub
         * answers (synchronous commit stays on), so a kill -9 of the hub or of PostgreSQL loses nothing; only a
         * power loss or a crash of the machine itself could. Production uses an external PostgreSQL with fsync.
         */
        private boolean postgresFsync = false;

        public int getPostgresPort() { return postgresPort; }
        public void setPostgresPort(int v) { this.postgresPort = v; }
        public int getArtemisPort() { return artemisPort; }
        public void setArtemisPort(int v) { this.artemisPort = v; }
        public int getMqttPort() { return mqttPort; }
        public void setMqttPort(int v) { this.mqttPort = v; }
        public int getKafkaPort() { return kafkaPort; }
        public void setKafkaPort(int v) { this.kafkaPort = v; }
        public int getKafkaControllerPort() { return kafkaControllerPort; }
        public void setKafkaControllerPort(int v) { this.kafkaControllerPort = v; }
        public boolean isPostgresFsync() { return postgresFsync; }
        public void setPostgresFsync(boolean v) { this.postgresFsync = v; }
        public long getArtemisGlobalMaxSizeMb() { return artemisGlobalMaxSizeMb; }
        public void setArtemisGlobalMaxSizeMb(long v) { this.artemisGlobalMaxSizeMb = v; }
        public long getArtemisPartnerAddressMaxSizeMb() { return artemisPartnerAddressMaxSizeMb; }
        public void setArtemisPartnerAddressMaxSizeMb(long v) { this.artemisPartnerAddressMaxSizeMb = v; }
    }

    public static class Kafka {
        /** External Kafka; empty means the in-process KRaft broker of the sandbox. */
        private String bootstrapServers = "";
        private int partitions = 6;

        public String getBootstrapServers() { return bootstrapServers; }
        public void setBootstrapServers(String v) { this.bootstrapServers = v; }
        public int getPartitions() { return partitions; }
        public void setPartitions(int partitions) { this.partitions = partitions; }
    }

    public static class Security {
        private Map<String, Client> clients = new LinkedHashMap<>();
        private Map<String, Operator> operators = new LinkedHashMap<>();

        public Map<String, Client> getClients() { return clients; }
        public void setClients(Map<String, Client> clients) { this.clients = clients; }
        public Map<String, Operator> getOperators() { return operators; }
        public void setOperators(Map<String, Operator> operators) { this.operators = operators; }
    }

    /** A system calling the hub with an API key in {@code X-API-Key}. */
    public static class Client {
        private String apiKey = "";
        private List<String> roles = List.of();

        public String getApiKey() { return apiKey; }
        public void setApiKey(String apiKey) { this.apiKey = apiKey; }
        public List<String> getRoles() { return roles; }
        public void setRoles(List<String> roles) { this.roles = roles; }
    }

    /** A person of the center's IT staff or leadership: VIEWER, OPERATOR or ADMIN. */
    public static class Operator {
        private String password = "";
        private String role = "VIEWER";

        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getRole() { return role; }
        public void setRole(String role) { this.role = role; }
    }
}
