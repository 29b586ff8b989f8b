package vn.lienthong.hub.device;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Device events in PostgreSQL: a batch of messages is one transaction — one multi-row
 * {@code insert … select from unnest(…) on conflict (device_id, event_id) do nothing} plus the liveness of the
 * devices that sent them — and the offline scan. Hub events about devices (DEVICE_ONLINE, DEVICE_OFFLINE) are
 * written as device_event rows in the same transaction as the change that causes them, so the relay publishes
 * exactly what was committed.
 */
@Component
public class DeviceEventStore {

    private static final String INSERT = """
            insert into device_event (device_id, event_id, center, channel, type, at, ticket, service_area, counter_id,
                                      officer_id, dossier_code, rating, state, battery, firmware, payload)
            select device_id, event_id, center, channel, type, at::timestamptz, ticket, service_area, counter_id,
                   officer_id, dossier_code, rating, state, battery, firmware, payload::jsonb
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[])
                 as e(device_id, event_id, center, channel, type, at, ticket, service_area, counter_id, officer_id,
                      dossier_code, rating, state, battery, firmware, payload)
            on conflict (device_id, event_id) do nothing
            returning device_id, event_id""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    DeviceEventStore(DataSource dataSource, TransactionTemplate tx) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(30);
        this.tx = tx;
    }

    /**
     * Stores a batch in one transaction and returns the keys ({@link #key}) of the events that were new; the
     * others were already stored (a device or broker resent them).
     */
    public Set<String> store(List<DeviceEvent> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        return tx.execute(status -> {
            Set<String> inserted = jdbc.execute((ConnectionCallback<Set<String>>) c -> insert(c, events));
            updateLiveness(events);
            return inserted;
        });
    }

    public static String key(String deviceId, String eventId) {
        return deviceId + '\u0000' + eventId;
    }

    private static Set<String> insert(Connection c, List<DeviceEvent> events) throws SQLException {
        int n = events.size();
        String[][] text = new String[15][n];
        Integer[] battery = new Integer[n];
        for (int i = 0; i < n; i++) {
            DeviceEvent e = events.get(i);
            text[0][i] = e.deviceId();
            text[1][i] = e.eventId();
            text[2][i] = e.center();
            text[3][i] = e.channel().name();
            text[4][i] = e.type();
            text[5][i] = e.at().toString();
            text[6][i] = e.ticket();
            text[7][i] = e.serviceArea();
            text[8][i] = e.counterId();
            text[9][i] = e.officerId();
            text[10][i] = e.dossierCode();
            text[11][i] = e.rating();
            text[12][i] = e.state();
            battery[i] = e.battery();
            text[13][i] = e.firmware();
            text[14][i] = e.payload();
        }
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            List<Array> arrays = new ArrayList<>();
            for (int col = 0; col < 13; col++) {
                arrays.add(c.createArrayOf("text", text[col]));
            }
            arrays.add(c.createArrayOf("int4", battery));
            arrays.add(c.createArrayOf("text", text[13]));
            arrays.add(c.createArrayOf("text", text[14]));
            for (int i = 0; i < arrays.size(); i++) {
                ps.setArray(i + 1, arrays.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(key(rs.getString(1), rs.getString(2)));
                }
            }
            for (Array a : arrays) {
                a.free();
            }
        }
        return inserted;
    }

    /**
     * Every message proves its device alive; a status OFFLINE (sent on leaving, or the broker's last will for the
     * device) as the device's last message of the batch marks it offline. The change of state is itself an event.
     */
    private void updateLiveness(List<DeviceEvent> events) {
        Map<String, DeviceEvent> last = new LinkedHashMap<>();
        Map<String, DeviceEvent> lastStatus = new LinkedHashMap<>();
        for (DeviceEvent e : events) {
            last.put(e.deviceId(), e);
            if (e.channel() == DeviceKind.Channel.STATUS) {
                lastStatus.merge(e.deviceId(), e, (a, b) -> b.at().isBefore(a.at()) ? a : b);
            }
        }
        Set<String> alive = new TreeSet<>();
        Set<String> leaving = new TreeSet<>();
        last.forEach((device, e) -> {
            if (e.channel() == DeviceKind.Channel.STATUS && "OFFLINE".equals(e.state())) {
                leaving.add(device);
            } else {
                alive.add(device);
            }
        });
        if (!lastStatus.isEmpty()) {
            List<Object[]> rows = lastStatus.values().stream()
                    .map(e -> new Object[] {e.state(), e.battery(), e.firmware(), e.deviceId()}).toList();
            jdbc.batchUpdate("""
                    update device set state = ?, battery = coalesce(?, battery), firmware = coalesce(?, firmware)
                    where device_id = ?""", rows);
        }
        if (!alive.isEmpty()) {
            // lock in id order (no deadlock with another batch); "was" is the state before this update
            List<String[]> cameOnline = jdbc.query("""
                    update device d set last_seen_at = now(), online = true, offline_since = null
                    from (select device_id, online as was from device where device_id = any(?)
                          order by device_id for update) old
                    where d.device_id = old.device_id
                    returning d.device_id, d.center, old.was""",
                    (rs, i) -> rs.getBoolean(3) ? null : new String[] {rs.getString(1), rs.getString(2)},
                    (Object) alive.toArray(String[]::new)).stream().filter(r -> r != null).toList();
            for (String[] d : cameOnline) {
                hubEvent(d[0], d[1], "DEVICE_ONLINE", "online@" + System.currentTimeMillis(),
                        "{\"reason\":\"message-received\"}");
            }
        }
        if (!leaving.isEmpty()) {
            List<String[]> wentOffline = jdbc.query("""
                    update device d set last_seen_at = now(), online = false,
                                        offline_since = case when old.was then now() else d.offline_since end
                    from (select device_id, online as was from device where device_id = any(?)
                          order by device_id for update) old
                    where d.device_id = old.device_id
                    returning d.device_id, d.center, old.was""",
                    (rs, i) -> rs.getBoolean(3) ? new String[] {rs.getString(1), rs.getString(2)} : null,
                    (Object) leaving.toArray(String[]::new)).stream().filter(r -> r != null).toList();
            for (String[] d : wentOffline) {
                hubEvent(d[0], d[1], "DEVICE_OFFLINE", "offline@" + System.currentTimeMillis(),
                        "{\"reason\":\"reported-offline\"}");
            }
        }
    }

    private void hubEvent(String deviceId, String center, String type, String eventId, String payload) {
        jdbc.update("""
                insert into device_event (device_id, event_id, center, channel, type, at, payload)
                values (?, ?, ?, 'HUB', ?, now(), ?::jsonb) on conflict (device_id, event_id) do nothing""",
                deviceId, eventId, center, type, payload);
    }

    /**
     * Flags the devices silent for longer than {@code offlineAfter} and writes one DEVICE_OFFLINE event each, in
     * one statement: a device already flagged is not flagged again until it is heard from (once per outage), and
     * two hub instances scanning at once flag it once.
     */
    public List<String> flagSilentDevices(Duration offlineAfter) {
        return jdbc.queryForList("""
                with gone as (
                    update device set online = false, offline_since = now()
                    where online and last_seen_at < now() - make_interval(secs => ?)
                    returning device_id, center, last_seen_at)
                insert into device_event (device_id, event_id, center, channel, type, at, payload)
                select device_id, 'offline@' || (extract(epoch from last_seen_at) * 1000)::bigint, center, 'HUB',
                       'DEVICE_OFFLINE', now(),
                       jsonb_build_object('reason', 'no-heartbeat', 'lastSeenAt', last_seen_at,
                                          'offlineAfterSeconds', ?)
                from gone
                on conflict (device_id, event_id) do nothing
                returning device_id""", String.class, (double) offlineAfter.toMillis() / 1000.0,
                offlineAfter.toSeconds());
    }

    /** Removes heartbeats older than {@code keepDays} days that were published. */
    public int purgeHeartbeats(int keepDays) {
        return jdbc.update("""
                delete from device_event where channel = 'STATUS' and published_at is not null
                and received_at < now() - make_interval(days => ?)""", keepDays);
    }
}
