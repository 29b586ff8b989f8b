package vn.lienthong.hub.device;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Offline detection ({@code device-offline-scan}): a device heard from before but silent for longer than
 * {@code hub.devices.offline-after} (2 minutes) is flagged offline with one DEVICE_OFFLINE event, once per outage;
 * its next message flags it online again (DEVICE_ONLINE).
 */
@Component("deviceLiveness")
public class DeviceLiveness {

    private static final Logger log = LoggerFactory.getLogger(DeviceLiveness.class);

    private final DeviceEventStore store;
    private final DeviceSettings settings;

    DeviceLiveness(DeviceEventStore store, DeviceSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** Flags the silent devices; returns how many were flagged now. */
    public int scan() {
        return scanSilentFor(settings.getOfflineAfter());
    }

    int scanSilentFor(Duration offlineAfter) {
        List<String> flagged = store.flagSilentDevices(offlineAfter);
        if (!flagged.isEmpty()) {
            log.warn("Devices offline (no message for {} s): {}", offlineAfter.toSeconds(), flagged);
        }
        return flagged.size();
    }

    /** Removes old, published heartbeats. */
    public int purge() {
        return store.purgeHeartbeats(settings.getKeepStatusDays());
    }
}
