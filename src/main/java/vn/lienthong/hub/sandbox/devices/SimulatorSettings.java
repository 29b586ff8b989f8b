package vn.lienthong.hub.sandbox.devices;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The device simulator of the sandbox ({@code hub.sandbox.devices.*}); off unless enabled. */
@ConfigurationProperties("hub.sandbox.devices")
public class SimulatorSettings {

    private boolean enabled;
    /** Queue-ticket kiosks. */
    private int kiosks = 2;
    /** Counters, each with a call unit and a rating pad. */
    private int counters = 3;
    /** On average, a citizen takes a ticket this often. */
    private Duration ticketEvery = Duration.ofSeconds(4);
    /** Each device sends a heartbeat this often. */
    private Duration heartbeatEvery = Duration.ofSeconds(30);

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public int getKiosks() { return kiosks; }
    public void setKiosks(int kiosks) { this.kiosks = kiosks; }
    public int getCounters() { return counters; }
    public void setCounters(int counters) { this.counters = counters; }
    public Duration getTicketEvery() { return ticketEvery; }
    public void setTicketEvery(Duration ticketEvery) { this.ticketEvery = ticketEvery; }
    public Duration getHeartbeatEvery() { return heartbeatEvery; }
    public void setHeartbeatEvery(Duration heartbeatEvery) { this.heartbeatEvery = heartbeatEvery; }
}
