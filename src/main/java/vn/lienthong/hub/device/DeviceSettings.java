package vn.lienthong.hub.device;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the hall devices' feed ({@code hub.devices.*}); application.yaml documents the defaults. */
@ConfigurationProperties("hub.devices")
public class DeviceSettings {

    /** MQTT topic filter of the hub's ingest subscription. */
    private String topic = "hcc/+/+/+";
    /** A device with no message for this long is flagged offline (one DEVICE_OFFLINE event per outage). */
    private Duration offlineAfter = Duration.ofMinutes(2);
    /** Largest payload accepted; a larger one is parked. */
    private int maxPayloadBytes = 16 * 1024;
    /** Messages stored in one statement at most. */
    private int batchSize = 500;
    /** How long the first message of a batch waits for others before the batch is stored. */
    private Duration batchWait = Duration.ofMillis(10);
    /** How long a verified device password is trusted without checking its BCrypt hash again. */
    private Duration credentialCache = Duration.ofSeconds(60);
    /** Heartbeats (status events) are kept this many days; queue and rating events are kept. */
    private int keepStatusDays = 30;

    public String getTopic() { return topic; }
    public void setTopic(String topic) { this.topic = topic; }
    public Duration getOfflineAfter() { return offlineAfter; }
    public void setOfflineAfter(Duration offlineAfter) { this.offlineAfter = offlineAfter; }
    public int getMaxPayloadBytes() { return maxPayloadBytes; }
    public void setMaxPayloadBytes(int maxPayloadBytes) { this.maxPayloadBytes = maxPayloadBytes; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public Duration getBatchWait() { return batchWait; }
    public void setBatchWait(Duration batchWait) { this.batchWait = batchWait; }
    public Duration getCredentialCache() { return credentialCache; }
    public void setCredentialCache(Duration credentialCache) { this.credentialCache = credentialCache; }
    public int getKeepStatusDays() { return keepStatusDays; }
    public void setKeepStatusDays(int keepStatusDays) { this.keepStatusDays = keepStatusDays; }
}
