package vn.lienthong.hub.axis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the national axis link ({@code hub.axis.*}); application.yaml documents the defaults and their
 * environment variables. The axis's address is {@code hub.partners.axis.url}, read by the routes.
 */
@ConfigurationProperties("hub.axis")
public class AxisSettings {

    /** How the hub names itself at the axis's Login. */
    private String systemId = "lienthong-hub";
    /** The hub's signing key: a PKCS12 keystore with one private key and its certificate. */
    private final Store keystore = new Store();
    /** The certificates the hub trusts to sign the axis's replies: a PKCS12 store with the axis's certificate. */
    private final Store truststore = new Store();
    /**
     * Catalog procedure (local code or code) → national procedure code (mã TTHC on the portal). A provincial variant
     * {@code d.dddddd.X} maps to {@code d.dddddd} without an entry; any other local code needs one, and an empty value
     * marks a procedure the portal does not know. Keys with dots are written {@code "[2.000815.H56]"} in YAML.
     */
    private Map<String, String> nationalCodes = new LinkedHashMap<>();
    /** Online submissions taken per poll of the axis. */
    private int pollBatch = 50;
    /** Reconciliation looks at dossiers changed within this window before the run. */
    private Duration reconcileWindow = Duration.ofHours(48);
    /** A difference younger than this with a delivery still under way is left to that delivery. */
    private Duration reconcileGrace = Duration.ofMinutes(5);
    /** The sync-rate and lag gauges cover the dossiers changed within this window. */
    private Duration metricsWindow = Duration.ofHours(24);

    public String getSystemId() { return systemId; }
    public void setSystemId(String systemId) { this.systemId = systemId; }
    public Store getKeystore() { return keystore; }
    public Store getTruststore() { return truststore; }
    public Map<String, String> getNationalCodes() { return nationalCodes; }
    public void setNationalCodes(Map<String, String> nationalCodes) { this.nationalCodes = nationalCodes; }
    public int getPollBatch() { return pollBatch; }
    public void setPollBatch(int pollBatch) { this.pollBatch = pollBatch; }
    public Duration getReconcileWindow() { return reconcileWindow; }
    public void setReconcileWindow(Duration reconcileWindow) { this.reconcileWindow = reconcileWindow; }
    public Duration getReconcileGrace() { return reconcileGrace; }
    public void setReconcileGrace(Duration reconcileGrace) { this.reconcileGrace = reconcileGrace; }
    public Duration getMetricsWindow() { return metricsWindow; }
    public void setMetricsWindow(Duration metricsWindow) { this.metricsWindow = metricsWindow; }

    /** A PKCS12 file, its password and (for a keystore) the alias of the key. */
    public static class Store {
        private Path path;
        private String password = "";
        private String alias = "";

        public Path getPath() { return path; }
        public void setPath(Path path) { this.path = path; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getAlias() { return alias; }
        public void setAlias(String alias) { this.alias = alias; }
    }
}
