package vn.lienthong.hub.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.platform.HubProperties;

/**
 * The hall devices per center — queue-ticket kiosks, counter units, rating pads — online or offline, last heard of,
 * and their parked payloads (messages refused at ingest, parked with their MQTT topic
 * {@code hcc/<center>/<queue|rating|status>/<deviceId>} as source). Read from the device feature's {@code device} table
 * when it exists, column by column as far as they exist; "not available" otherwise.
 */
@Component
class DeviceBoard {

    /** Without an online flag, a device not heard of for this long counts as offline. */
    static final Duration SILENT = Duration.ofMinutes(5);
    private static final List<String> SHOWN = List.of("device_id", "id", "code", "center", "center_code", "center_id",
            "kind", "type", "device_type", "counter_id", "counter", "last_seen_at", "last_heartbeat_at", "last_event_at",
            "updated_at", "online", "state", "battery", "firmware");
    private static final String DEVICE_TOPIC = "^hcc/[^/]+/(queue|rating|status)/[^/]+$";

    private final JdbcTemplate jdbc;
    private final Tables tables;
    private final ConsoleFormat format;
    private final HubProperties hub;

    DeviceBoard(JdbcTemplate jdbc, Tables tables, ConsoleFormat format, HubProperties hub) {
        this.jdbc = jdbc;
        this.tables = tables;
        this.format = format;
        this.hub = hub;
    }

    Map<String, Object> board() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Map<String, Long>> parked = parkedByDevice();
        boolean available = tables.exists("device");
        out.put("available", available);
        Map<String, List<Map<String, Object>>> centers = new TreeMap<>();
        if (available) {
            Set<String> cols = tables.columns("device");
            String id = tables.first("device", "device_id", "id", "code");
            String center = tables.first("device", "center", "center_code", "center_id");
            String kind = tables.first("device", "kind", "type", "device_type");
            String counter = tables.first("device", "counter_id", "counter");
            String seen = tables.first("device", "last_seen_at", "last_heartbeat_at", "last_event_at", "updated_at");
            // only the columns shown (never credentials), quoted as the catalog names them
            List<String> shown = new ArrayList<>();
            for (String c : SHOWN) {
                if (cols.contains(c)) {
                    shown.add('"' + c + '"');
                }
            }
            List<Map<String, Object>> rows = shown.isEmpty() ? List.of() : jdbc.queryForList(
                    "select " + String.join(", ", shown) + " from device order by 1 limit 5000");
            for (Map<String, Object> r : rows) {
                String deviceId = str(r.get(id));
                String c = center == null ? hub.getCenter() : str(r.get(center));
                Object lastSeen = seen == null ? null : r.get(seen);
                Boolean online = null;
                if (cols.contains("online") && r.get("online") instanceof Boolean b) {
                    // never heard of since it was registered: neither online nor offline yet
                    online = (b || lastSeen != null || seen == null) ? b : null;
                } else if (cols.contains("state") && r.get("state") != null) {
                    online = "ONLINE".equalsIgnoreCase(str(r.get("state")));
                } else if (lastSeen != null) {
                    Instant t = ConsoleFormat.instant(lastSeen);
                    online = t != null && t.isAfter(Instant.now().minus(SILENT));
                }
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("id", deviceId);
                d.put("kind", kind == null ? null : str(r.get(kind)));
                d.put("counter", counter == null ? null : str(r.get(counter)));
                d.put("online", online);
                d.put("lastSeen", format.at(lastSeen));
                d.put("lastSeenAgo", ConsoleFormat.age(lastSeen));
                d.put("state", cols.contains("state") ? str(r.get("state")) : null);
                d.put("battery", cols.contains("battery") ? r.get("battery") : null);
                d.put("firmware", cols.contains("firmware") ? str(r.get("firmware")) : null);
                Map<String, Long> byDevice = parked.getOrDefault(c, Map.of());
                d.put("parked", byDevice.getOrDefault(deviceId, 0L));
                centers.computeIfAbsent(c == null ? "?" : c, k -> new ArrayList<>()).add(d);
            }
        }
        List<Map<String, Object>> list = new ArrayList<>();
        centers.forEach((c, devices) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("center", c);
            m.put("total", devices.size());
            m.put("online", devices.stream().filter(d -> Boolean.TRUE.equals(d.get("online"))).count());
            m.put("devices", devices);
            list.add(m);
        });
        out.put("centers", list);
        long parkedTotal = parked.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
        out.put("parkedTotal", parkedTotal);
        List<Map<String, Object>> parkedList = new ArrayList<>();
        parked.forEach((c, m) -> m.forEach((dev, n) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("center", c);
            p.put("device", dev);
            p.put("parked", n);
            parkedList.add(p);
        }));
        out.put("parked", parkedList);
        return out;
    }

    /** Parked device messages per center and device, from the topic they came on. */
    private Map<String, Map<String, Long>> parkedByDevice() {
        Map<String, Map<String, Long>> out = new HashMap<>();
        jdbc.query("""
                select split_part(source, '/', 2) as center, split_part(source, '/', 4) as device, count(*) as n
                from parked_message where status = 'PARKED' and source ~ ? group by 1, 2""", rs -> {
            out.computeIfAbsent(rs.getString("center"), k -> new TreeMap<>()).put(rs.getString("device"), rs.getLong("n"));
        }, DEVICE_TOPIC);
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
