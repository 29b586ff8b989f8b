package vn.lienthong.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The devices page over the device feature's table (its shape as that feature defines it), created inside a
 * transaction that is rolled back: nothing is left for other tests, and the page reads it the way it will once the
 * feature is installed — a grid per center, online or not, last seen, parked payloads, and never a credential.
 */
class ConsoleDevicesIT extends ConsoleScenario {

    @Autowired
    DeviceBoard devices;
    @Autowired
    Tables tables;
    @Autowired
    TransactionTemplate tx;

    @AfterEach
    void forgetTheTable() {
        tables.forget();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGridPerCenterWithOnlineStateLastSeenAndParkedPayloads() throws Exception {
        tables.forget();
        boolean installed = tables.exists("device");
        tx.executeWithoutResult(status -> {
            jdbc.execute("""
                    create table if not exists device (
                        device_id text primary key, kind text not null, center text not null, counter_id text,
                        username text not null unique, password_hash text not null,
                        registered_at timestamptz not null default now(), registered_by text not null,
                        updated_at timestamptz not null default now(), last_seen_at timestamptz,
                        online boolean not null default false, offline_since timestamptz, state text, battery int,
                        firmware text)""");
            tables.forget();
            jdbc.update("""
                    insert into device (device_id, kind, center, counter_id, username, password_hash, registered_by,
                      last_seen_at, online, battery) values
                      ('console-kiosk-1', 'KIOSK', 'console-a', null, 'console-kiosk-1', '$2a$10$secret-hash-1', 'test', now(), true, 80),
                      ('console-counter-3', 'COUNTER', 'console-a', '3', 'console-counter-3', '$2a$10$secret-hash-2', 'test', now() - interval '1 hour', false, null),
                      ('console-pad-3', 'RATING', 'console-b', '3', 'console-pad-3', '$2a$10$secret-hash-3', 'test', null, false, 15)""");
            jdbc.update("""
                    insert into parked_message (source, route_id, reason, body) values
                      ('hcc/console-b/rating/console-pad-3', 'device-ingest-message', 'not valid', '{}'),
                      ('hcc/console-b/rating/console-pad-3', 'device-ingest-message', 'not valid', '{}')""");

            Map<String, Object> board = devices.board();

            assertThat(board.get("available")).isEqualTo(true);
            List<Map<String, Object>> centers = (List<Map<String, Object>>) board.get("centers");
            Map<String, Object> a = centers.stream().filter(c -> "console-a".equals(c.get("center"))).findFirst().orElseThrow();
            Map<String, Object> b = centers.stream().filter(c -> "console-b".equals(c.get("center"))).findFirst().orElseThrow();
            assertThat(a.get("total")).isEqualTo(2);
            assertThat(a.get("online")).isEqualTo(1L);
            List<Map<String, Object>> aDevices = (List<Map<String, Object>>) a.get("devices");
            assertThat(aDevices).extracting(d -> d.get("id") + " " + d.get("kind") + " " + d.get("online"))
                    .containsExactly("console-counter-3 COUNTER false", "console-kiosk-1 KIOSK true");
            // registered but never heard of: neither online nor offline yet
            assertThat(((List<Map<String, Object>>) b.get("devices")).get(0).get("online")).isNull();
            assertThat(aDevices.get(0).get("lastSeen")).asString().matches("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}");
            Map<String, Object> pad = ((List<Map<String, Object>>) b.get("devices")).get(0);
            assertThat(pad.get("parked")).isEqualTo(2L);
            assertThat(pad.get("counter")).isEqualTo("3");
            try {
                assertThat(new ObjectMapper().writeValueAsString(board)).doesNotContain("secret-hash");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            status.setRollbackOnly();
        });
        tables.forget();
        assertThat(tables.exists("device")).as("nothing left behind").isEqualTo(installed);
    }
}
